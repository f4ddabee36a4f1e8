"""DRF fields for the API's strict JSON types, and its RFC 3339 timestamps."""

from datetime import UTC
from datetime import datetime
from decimal import Decimal

from rest_framework import serializers

from catalog.models import PRICE_NOTATION

# DRF coerces input (numbers to strings, "5" to 5, 1e3 or " 1.00" to a Decimal);
# the contract accepts no coercion, so these fields check the JSON type first.


class StrictCharField(serializers.CharField):
    """A CharField that accepts JSON strings only, max_length counted as sent."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        # DRF checks max_length after trimming; the contract (JSON Schema's
        # maxLength) counts the string as it arrived.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An IntegerField that accepts whole JSON numbers only (not strings or booleans).

    A whole number is JSON Schema's integer: 12.0 and 1.2E1 are 12, as the document
    says, and as clients whose encoders write floats send them.
    """

    def to_internal_value(self, data: object) -> int:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class PriceField(serializers.DecimalField):
    """A DecimalField that accepts plain decimal notation in a JSON string only."""

    def to_internal_value(self, data: object) -> Decimal:
        if not isinstance(data, str) or not PRICE_NOTATION.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


def rfc3339(value: datetime) -> str:
    """Write a time in UTC as DRF's DateTimeField does: RFC 3339, Z for +00:00."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
