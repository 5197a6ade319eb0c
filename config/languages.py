"""Language codes used across the product.

Interface languages are settings.LANGUAGES (en, fr, ar). Content languages are
the wider set that contacts speak and articles are written in.
"""

from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("hy", _("Armenian")),
    ("az", _("Azerbaijani")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("uk", _("Ukrainian")),
    ("ka", _("Georgian")),
]
CONTENT_LANGUAGE_CODES = frozenset(code for code, _name in CONTENT_LANGUAGES)
EMAIL_LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
