from django.contrib import admin

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

    def save_model(self, request, obj, form, change):
        # The owner is optional here: a new product left without one is the creator's.
        if not change and obj.owner is None:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
