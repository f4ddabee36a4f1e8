"""The language switcher's view, and the framework messages our catalogue rewords.

shared_spec/README.md, "Languages"; the catalogue is locale/es/LC_MESSAGES/django.po
(make messages-django).
"""

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.translation import gettext_noop
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# Messages of Django REST framework (and Django) that shared_spec/glossary.yaml words
# otherwise, in Spanish: DRF's catalogue says "Este campo es requerido.", and as an
# installed app it comes before Django's own, the forms' "Este campo es obligatorio."
# too. The catalogue in LOCALE_PATHS comes before every app's, so its translations of
# these framework msgids are the ones shown; naming them here keeps them in it, as
# makemessages --no-obsolete drops any msgid it does not find in our code.
FRAMEWORK_MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Authentication credentials were not provided."),
    # DRF's "Entrada inválida.": the problem's detail beside the glossary's
    # "Campos no válidos".
    gettext_noop("Invalid input."),
    # The API's 429 on signing in; DRF's Spanish: "Solicitud fue regulada
    # (throttled). Se espera que esté disponible en 60 segundos."
    gettext_noop("Request was throttled."),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
]


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie and go back to `next`: Django's view, two languages.

    No CSRF token: a forged request can only change a language, and the pages that
    visitors are served from the cache of reads hold no token of anyone's. Django's
    view would set the cookie to any language it has a catalogue for (fr), which
    LocaleMiddleware then ignores: an unknown language here changes nothing.
    """
    response = i18n.set_language(request)
    if request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER) not in dict(settings.LANGUAGES):
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return response
