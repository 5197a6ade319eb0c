"""Links stored from outside (feeds, pages, imports, the API): http and https only.

One validator for every stored link. Browsers ignore tabs and newlines anywhere in a URL, strip
leading control characters and spaces, and read the scheme case-insensitively, so
``JaVaScRiPt:``, ``java\\tscript:`` and `` javascript:`` all run code on click. A link is accepted
only when it literally starts with ``http://`` or ``https://`` (any case), names a host, and holds
no control character or whitespace at all; an entity-encoded or percent-encoded scheme therefore
never passes (``&#106;avascript:`` does not start with ``http``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
# C0 controls, space, DEL, C1 controls and the Unicode spaces and separators browsers may drop.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]")
_WEB_PREFIX = re.compile(r"https?://[^/?#\\]", re.IGNORECASE)


@deconstructible
class WebLinkValidator(URLValidator):
    """Django's URL check, narrowed to http/https and to links with nothing a browser would drop."""

    message = _("Enter a web address starting with http:// or https://.")

    def __init__(self, **kwargs):
        kwargs.setdefault("schemes", list(WEB_SCHEMES))
        super().__init__(**kwargs)

    def __call__(self, value) -> None:
        if not isinstance(value, str) or _UNSAFE.search(value) or not _WEB_PREFIX.match(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


validate_web_link = WebLinkValidator()


def is_web_link(value) -> bool:
    """Whether ``value`` is a link Parley stores and renders as a link."""
    try:
        validate_web_link(value)
    except ValidationError:
        return False
    return True
