from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import MAX_STOCK
from .models import PRICE_NOTATION
from .models import SKU_HELP_TEXT
from .models import Product


class PriceField(forms.DecimalField):
    """A DecimalField that takes plain decimal notation only, as the API does."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # as in the stubs: DecimalField subclasses IntegerField
        # Decimal() would also read "1e3", "+5" or non-ASCII digits.
        if value not in self.empty_values and not PRICE_NOTATION.fullmatch(
            str(value).strip()
        ):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ProductForm(forms.ModelForm):
    """A product's editable fields, under the same rules as the API's."""

    # A text input, so every browser sends the price exactly as typed.
    # Declared fields take no label from the model: each names its own.
    price = PriceField(
        label=_("Price"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    stock = forms.IntegerField(
        label=_("Stock"), min_value=0, max_value=MAX_STOCK, required=False, initial=0
    )

    class Meta:
        model = Product
        fields = ["name", "sku", "description", "price", "stock"]
        help_texts = {"sku": SKU_HELP_TEXT}

    def clean_stock(self) -> int:
        """Read an empty stock as 0, the default."""
        return self.cleaned_data["stock"] or 0
