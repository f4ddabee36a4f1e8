from typing import TYPE_CHECKING
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.mixins import UserPassesTestMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.db import IntegrityError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView
from django.views.generic import DeleteView
from django.views.generic import DetailView
from django.views.generic import ListView
from django.views.generic import UpdateView

from hardening.caching import cache_for_visitors

from .forms import ProductForm
from .models import DEFAULT_ORDERING
from .models import Product
from .models import ProductQuerySet

if TYPE_CHECKING:
    from django.views.generic.detail import BaseDetailView
    from django.views.generic.edit import ModelFormMixin

    _ProductFormView = ModelFormMixin[Product, ProductForm]
    _ProductObjectView = BaseDetailView[Product]
else:
    # What the mixins below are mixed into, as the type checker alone sees it.
    _ProductFormView = _ProductObjectView = object

# The orderings the list offers, each one a key of models.ORDERINGS.
ORDERING_CHOICES = {
    "-created_at": _("Newest first"),
    "created_at": _("Oldest first"),
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "price": _("Price, lowest first"),
    "-price": _("Price, highest first"),
}


@method_decorator(cache_for_visitors(vary="Cookie"), name="dispatch")
class ProductListView(ListView):
    """List the products matching `q`, in the order asked for, 20 a page."""

    paginate_by = 20

    def get_search_term(self) -> str:
        """Return the search term, without surrounding whitespace."""
        return self.request.GET.get("q", "").strip()

    def get_ordering(self) -> str:
        """Return the ordering asked for, or the default for a value not offered."""
        ordering = self.request.GET.get("ordering", "")
        return ordering if ordering in ORDERING_CHOICES else DEFAULT_ORDERING

    def get_queryset(self) -> ProductQuerySet:
        return (
            Product.objects.with_owner()
            .search(self.get_search_term())
            .ordered_by(self.get_ordering())
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            q=self.get_search_term(),
            ordering=self.get_ordering(),
            ordering_choices=ORDERING_CHOICES,
            **kwargs,
        )


@method_decorator(cache_for_visitors(vary="Cookie"), name="dispatch")
class ProductDetailView(DetailView):
    """Show one product, with edit and delete links for its owner or staff."""

    queryset = Product.objects.with_owner()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_change=self.object.can_be_changed_by(self.request.user), **kwargs
        )


class ProductFormMixin(_ProductFormView):
    """Edit a product with ProductForm, showing it again if its sku was taken."""

    model = Product
    form_class = ProductForm

    def form_valid(self, form: ProductForm) -> HttpResponse:
        try:
            # A savepoint, so the connection stays usable after a refusal.
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            # A concurrent request took the sku after the form's unique check
            # passed: the constraint refused this one. Ask the form again, so the
            # error shows beside the field; any other refusal is a real error.
            form.validate_unique()
            if not form.has_error("sku"):
                raise
            return self.form_invalid(form)


class ProductCreateView(
    LoginRequiredMixin, ProductFormMixin, SuccessMessageMixin, CreateView
):
    """Create a product owned by the signed-in user."""

    success_message = _("Product “%(name)s” created.")

    def form_valid(self, form: ProductForm) -> HttpResponse:
        form.instance.owner = self.request.user
        return super().form_valid(form)


class OwnerOrStaffRequiredMixin(
    LoginRequiredMixin, UserPassesTestMixin, _ProductObjectView
):
    """Let the product's owner or staff through: a 403 for anyone else signed in."""

    def test_func(self) -> bool:
        return self.get_object().can_be_changed_by(self.request.user)

    def get_object(self, queryset: QuerySet[Product] | None = None) -> Product:
        # test_func() and then get() or post() ask for it: fetch it once.
        if not hasattr(self, "_product"):
            self._product = super().get_object(queryset)
        return self._product


class ProductUpdateView(
    OwnerOrStaffRequiredMixin, ProductFormMixin, SuccessMessageMixin, UpdateView
):
    """Edit a product."""

    success_message = _("Product “%(name)s” saved.")


class ProductDeleteView(OwnerOrStaffRequiredMixin, SuccessMessageMixin, DeleteView):
    """Ask to confirm on GET, delete on POST."""

    model = Product
    success_url = reverse_lazy("catalog:product_list")
    success_message = _("Product deleted.")
