"""The product form of the pages (the admin adds the owner to it)."""

from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from flask_app.catalog.models import DESCRIPTION_MAX_LENGTH
from flask_app.catalog.models import MAX_PRICE
from flask_app.catalog.models import MAX_STOCK
from flask_app.catalog.models import NAME_MAX_LENGTH
from flask_app.catalog.models import PRICE_NOTATION
from flask_app.catalog.models import SKU_HELP_TEXT
from flask_app.catalog.models import SKU_MAX_LENGTH
from flask_app.catalog.models import SKU_NOTATION
from flask_app.catalog.models import SKU_NOTATION_MESSAGE
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import sku_taken
from flask_app.forms import no_null_characters
from flask_app.forms import strip


def empty_as_zero(value: int | None) -> int:
    """Read an empty stock as 0, the default."""
    return 0 if value is None else value


class ProductForm(FlaskForm):
    """A product's editable fields, under the same rules as the API's."""

    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=NAME_MAX_LENGTH), no_null_characters],
        filters=[strip],
    )
    sku = StringField(
        "SKU",
        validators=[
            DataRequired(),
            Length(max=SKU_MAX_LENGTH),
            Regexp(SKU_NOTATION, message=SKU_NOTATION_MESSAGE),
        ],
        filters=[strip],
        description=SKU_HELP_TEXT,
    )
    description = TextAreaField(
        "Description",
        validators=[Length(max=DESCRIPTION_MAX_LENGTH), no_null_characters],
        filters=[strip],
    )
    # A text input, so every browser sends the price exactly as typed.
    price = StringField(
        "Price",
        validators=[DataRequired()],
        filters=[strip],
        render_kw={"inputmode": "decimal"},
    )
    stock = IntegerField(
        "Stock",
        default=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_STOCK)],
        filters=[empty_as_zero],
    )

    def __init__(self, *args: Any, obj: Product | None = None, **kwargs: Any) -> None:
        super().__init__(*args, obj=obj, **kwargs)
        # The product being edited, if any, for the sku's uniqueness check.
        self.instance = obj

    def validate_sku(self, field: StringField) -> None:
        """Refuse a sku that another product already has."""
        # Look up only a well-formed sku; the other validators already said why not.
        if field.errors:
            return
        if sku_taken(field.data, self.instance.id if self.instance else None):
            raise ValidationError(SKU_TAKEN_MESSAGE)

    def validate_price(self, field: StringField) -> None:
        """Turn the price into a Decimal: plain notation, 2 places, 0 to MAX_PRICE."""
        # Decimal() would also read "1e3", "-5", "NaN" or non-ASCII digits.
        if not PRICE_NOTATION.fullmatch(field.data):
            raise ValidationError("Enter a number, such as 12.50.")
        price = Decimal(field.data)
        if -price.as_tuple().exponent > 2:
            raise ValidationError("Enter at most 2 decimal places.")
        if price > MAX_PRICE:
            raise ValidationError(f"Enter a price of at most {MAX_PRICE}.")
        # populate_obj() stores the Decimal, not the text.
        field.data = price
