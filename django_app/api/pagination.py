import re
from operator import itemgetter
from urllib.parse import urlencode

from django.core.paginator import EmptyPage
from django.core.paginator import Page
from django.core.paginator import Paginator
from django.utils.encoding import escape_uri_path
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# The largest offset a database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


class TotalColumnPaginator(Paginator):
    """Pages of rows that bring their total with them (ProductQuerySet.with_total).

    Django's Paginator counts first, in a query of its own; here the page is read
    first and the count comes in the same query. A page without rows has no total
    to read: on page 1 there are none at all, and a later page does not exist.
    """

    def page(self, number: int) -> Page:
        bottom = (number - 1) * self.per_page
        if bottom > MAX_OFFSET:
            # No such page can exist, and the database would refuse the offset.
            raise EmptyPage(self.error_messages["no_results"])
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        self.count = rows[0]["total"] if rows else 0
        return self._get_page(rows, number, self)


class StrictPageNumberPagination(PageNumberPagination):
    """Paginate 20 a page, answering 400 for page values DRF would silently fix."""

    django_paginator_class = TotalColumnPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def get_page_size(self, request):
        return self._positive_int(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def get_page_number(self, request, paginator):
        # A page after the last is left to paginate_queryset(), which raises 404.
        return self._positive_int(request, self.page_query_param, 1)

    @staticmethod
    def _positive_int(
        request, name: str, default: int, maximum: int | None = None
    ) -> int:
        value = request.query_params.get(name, str(default))
        number = int(value) if re.fullmatch(r"[0-9]+", value) else 0
        if number < 1 or (maximum is not None and number > maximum):
            bounds = f"from 1 to {maximum}" if maximum else "of 1 or more"
            raise ValidationError({name: [f"Enter a whole number {bounds}."]})
        return number

    def get_next_link(self) -> str | None:
        if not self.page.has_next():
            return None
        return self.page_link(self.page.next_page_number())

    def get_previous_link(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self.page_link(self.page.previous_page_number())

    def page_link(self, number: int) -> str:
        """Return this request's URL for another page, written as DRF writes it.

        The other parameters keep their values, sorted by name, and page 1 has no
        page parameter. DRF gets there by parsing back the URL it has just built,
        which cost a list request a twentieth of its time.
        """
        params = [
            (key, value)
            for key, values in self.request.query_params.lists()
            if key != self.page_query_param
            for value in values
        ]
        if number > 1:
            params.append((self.page_query_param, str(number)))
        location = escape_uri_path(self.request.path)
        if params:
            location += "?" + urlencode(sorted(params, key=itemgetter(0)))
        return self.request.build_absolute_uri(location)
