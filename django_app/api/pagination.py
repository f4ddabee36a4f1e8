import re

from django.core.paginator import Paginator
from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class StrictPageNumberPagination(PageNumberPagination):
    """Paginate 20 a page, answering 400 for page values DRF would silently fix."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def get_page_size(self, request: Request) -> int:
        return self.query_number(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def get_page_number(self, request: Request, paginator: Paginator) -> int:
        # A page after the last is left to paginate_queryset(), which raises 404.
        return self.query_number(request, self.page_query_param, 1)

    @staticmethod
    def query_number(
        request: Request, name: str, default: int, maximum: int | None = None
    ) -> int:
        """Return the query parameter name as a whole number, or answer 400."""
        value = request.query_params.get(name, str(default))
        try:
            number = int(value) if re.fullmatch(r"[0-9]+", value) else 0
        except ValueError:  # more digits than int() converts
            number = 0
        if number < 1 or (maximum is not None and number > maximum):
            if maximum:
                message = gettext("Enter a whole number from 1 to %(maximum)d.") % {
                    "maximum": maximum
                }
            else:
                message = gettext("Enter a whole number of 1 or more.")
            raise ValidationError({name: [message]})
        return number
