"""The product form of the pages (the admin adds the owner to it)."""

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms import IntegerField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

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


class PriceField(Field):
    """A price typed as text, in a text input, read as a Decimal by the form.

    Its data is the text sent, until validate_price turns it into the Decimal that
    populate_obj() stores; an edit form starts from the product's own Decimal.
    """

    widget = TextInput()
    data: str | Decimal | None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class ProductForm(FlaskForm):
    """A product's editable fields, under the same rules as the API's."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_MAX_LENGTH), no_null_characters],
        filters=[strip],
    )
    sku = StringField(
        _l("SKU"),
        validators=[
            DataRequired(),
            Length(max=SKU_MAX_LENGTH),
            Regexp(SKU_NOTATION, message=SKU_NOTATION_MESSAGE),
        ],
        filters=[strip],
        description=SKU_HELP_TEXT,
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=DESCRIPTION_MAX_LENGTH), no_null_characters],
        filters=[strip],
    )
    # A text input, so every browser sends the price exactly as typed.
    price = PriceField(
        _l("Price"),
        validators=[DataRequired()],
        filters=[strip],
        render_kw={"inputmode": "decimal"},
    )
    stock = IntegerField(
        _l("Stock"),
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
        if field.errors or field.data is None:
            return
        if sku_taken(field.data, self.instance.id if self.instance else None):
            raise ValidationError(SKU_TAKEN_MESSAGE)

    def validate_price(self, field: PriceField) -> None:
        """Turn the price into a Decimal: plain notation, 2 places, 0 to MAX_PRICE."""
        # Text, unless the form sent no price at all: an edit form then keeps the
        # product's Decimal. None was entered, so one is required, as when empty.
        if not isinstance(field.data, str):
            raise ValidationError(_("This field is required."))
        # Decimal() would also read "1e3", "-5", "NaN" or non-ASCII digits.
        if not PRICE_NOTATION.fullmatch(field.data):
            raise ValidationError(_("Enter a number, such as 12.50."))
        price = Decimal(field.data)
        # An int, as the notation rules out NaN and Infinity (whose exponent is text).
        exponent = price.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise ValidationError(_("Enter at most 2 decimal places."))
        if price > MAX_PRICE:
            raise ValidationError(_("Enter a price of at most %(max)s.", max=MAX_PRICE))
        # populate_obj() stores the Decimal, not the text.
        field.data = price
