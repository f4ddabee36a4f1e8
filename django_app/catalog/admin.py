from django.contrib import admin
from django.http import HttpRequest

from .forms import ProductForm
from .models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    # The pages' form, so the admin applies the same field rules.
    form = ProductForm
    fields = [
        "name",
        "sku",
        "description",
        "price",
        "stock",
        "owner",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["created_at", "updated_at"]
    list_display = ["name", "sku", "price", "stock", "owner", "created_at"]
    list_filter = ["owner", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "sku", "description"]
    ordering = ["-created_at", "-id"]

    def save_model(
        self, request: HttpRequest, obj: Product, form: ProductForm, change: bool
    ) -> None:
        # The owner is optional here: a new product left without one is the creator's,
        # who is signed in (the admin lets no visitor through; the check tells mypy).
        if not change and obj.owner is None and request.user.is_authenticated:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
