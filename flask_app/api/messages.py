"""The API's messages in the request's language; its wire format stays as it is.

A problem's title and detail, and the messages of its errors, follow the language
(shared_spec/README.md, "Languages"). The app's own messages are lazy strings
(lazy_gettext) or gettext calls; marshmallow's and Werkzeug's are their English,
marked for the catalogue with N_. Each becomes text in the request's language where
it is used: marshmallow formats a message ({max_length}) only if it is a str, and
jsonify writes only str, which a lazy string is not.
"""

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import Schema as MarshmallowSchema
from marshmallow.fields import Field

from flask_app.i18n import N_


def translate(message: Any) -> str:
    """Return a lazy string or an English message in the request's language."""
    # A message already translated is no English message: gettext leaves it as is.
    return gettext(message) if isinstance(message, str) else str(message)


def translate_all(messages: Any) -> Any:
    """Return marshmallow's error messages (lists and dicts of them) translated."""
    if isinstance(messages, dict):
        return {key: translate_all(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [translate_all(message) for message in messages]
    return translate(messages)


class TranslatedMessages(dict[str, Any]):
    """Error messages, each one translated as marshmallow reads it, then formatted."""

    def __getitem__(self, key: str) -> str:
        return translate(super().__getitem__(key))


class Schema(MarshmallowSchema):
    """A schema whose error messages, its own and its fields', follow the language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = TranslatedMessages(self.error_messages)

    def on_bind_field(self, field_name: str, field_obj: Field) -> None:
        """Translate the field's messages (marshmallow's hook for each field)."""
        field_obj.error_messages = TranslatedMessages(field_obj.error_messages)


# marshmallow's own messages that the API's schemas and fields can answer with, in
# its English: marked for the catalogue, and translated as marshmallow reads them.
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid number."),
    N_("Not a valid integer."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
)

# marshmallow's validators' messages, in its English, as lazy strings: a validator
# given one as its error translates it, then formats it, as it refuses a value.
SHORTER_THAN_MIN = _l("Shorter than minimum length {min}.")
AT_LEAST_MIN = _l("Must be greater than or equal to {min}.")
BETWEEN_MIN_AND_MAX = _l(
    "Must be greater than or equal to {min} and less than or equal to {max}."
)
ONE_OF_CHOICES = _l("Must be one of: {choices}.")

# Werkzeug's descriptions of the errors it raises itself under /api/ (an unknown URL,
# a method, a body too large, malformed or not JSON), in its English: marked for the
# catalogue, and translated as errors.http_problem writes them.
WERKZEUG_DESCRIPTIONS = (
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_(
        "The requested URL was not found on the server. If you entered the URL "
        "manually please check your spelling and try again."
    ),
    N_("The method is not allowed for the requested URL."),
    N_("The data value transmitted exceeds the capacity limit."),
    N_(
        "Did not attempt to load JSON data because the request Content-Type was not "
        "'application/json'."
    ),
)
