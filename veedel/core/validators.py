"""Validators that forms and models of every app share: no bidirectional control characters
in addresses people click on or write to, and postal codes per country.

A website such as ``https://\u202egnp.exe`` passes Django's URL validation, yet shows as
``https://exe.png``: the right-to-left override turns what follows around. Links and e-mail
addresses are read, copied and clicked by others, so they must not carry such characters
(``reject_bidi_controls``). Texts (names, descriptions) may: they are shown as text, not
followed.

Postal codes follow the country's format (``PostalCodeValidator``); records that keep no
country take ``VEEDEL_DEFAULT_COUNTRY`` from the settings (``"DE"`` unless set).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# U+200E/U+200F (marks), U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates),
# and U+061C (the Arabic letter mark, which acts like U+200F).
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)


def bidi_controls_in(value: str) -> list[str]:
    """The bidirectional control characters in ``value``, as ``U+202E`` names, in order."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(value) if c in BIDI_CONTROLS]


def reject_bidi_controls(value) -> None:
    """Refuse a link or e-mail address that contains a bidirectional control character."""
    found = bidi_controls_in(str(value or ""))
    if found:
        raise ValidationError(
            _(
                "This address contains an invisible character that reverses the direction of "
                "the text (%(characters)s), so that it would look different from where it "
                "leads. Type the address again without it."
            ),
            code="bidi_control",
            params={"characters": ", ".join(found)},
        )


# Formats by ISO 3166 country code, written for values already trimmed and in capitals.
POSTAL_CODE_FORMATS: dict[str, tuple[re.Pattern, str]] = {
    "DE": (re.compile(r"^(?!00)[0-9]{5}$"), "50667"),
    "AT": (re.compile(r"^[1-9][0-9]{3}$"), "1010"),
    "CH": (re.compile(r"^[1-9][0-9]{3}$"), "8001"),
    "LI": (re.compile(r"^94[89][0-9]$"), "9490"),
    "BE": (re.compile(r"^[1-9][0-9]{3}$"), "1000"),
    "DK": (re.compile(r"^[1-9][0-9]{3}$"), "8000"),
    "LU": (re.compile(r"^(L-)?[0-9]{4}$"), "1009"),
    "NL": (re.compile(r"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$"), "1012 AB"),
    "FR": (re.compile(r"^[0-9]{5}$"), "75001"),
    "IT": (re.compile(r"^[0-9]{5}$"), "00184"),
    "ES": (re.compile(r"^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$"), "28001"),
    "PL": (re.compile(r"^[0-9]{2}-[0-9]{3}$"), "00-950"),
    "CZ": (re.compile(r"^[1-7][0-9]{2} ?[0-9]{2}$"), "110 00"),
}
# Any other country: letters and digits, at most one space or hyphen inside, 3 to 10 long,
# with a digit somewhere (as in "SW1A 1AA", "EC1A 1BB", "10115", "L-1009").
GENERAL_POSTAL_CODE = re.compile(r"^(?=.*[0-9])[A-Z0-9]{1,8}([ -][A-Z0-9]{1,8})?$")


def default_country() -> str:
    return str(getattr(settings, "VEEDEL_DEFAULT_COUNTRY", "DE") or "DE").upper()


def postal_code_normalise(value: str, country: str | None = None) -> str:
    """The postal code as it is written in ``country``: trimmed, in capitals, and for the
    Netherlands with the space between digits and letters ("1012ab" → "1012 AB")."""
    value = " ".join(str(value).split()).upper()
    if (country or default_country()).upper() == "NL":
        value = re.sub(r"^([0-9]{4}) ?([A-Z]{2})$", r"\1 \2", value)
    return value


@deconstructible
class PostalCodeValidator:
    """A postal code in the format of ``country`` (default: ``VEEDEL_DEFAULT_COUNTRY``, read
    when validating, so that a site's setting applies to every model)."""

    def __init__(self, country: str | None = None):
        self.country = country

    def __call__(self, value) -> None:
        if value in (None, ""):
            return
        country = (self.country or default_country()).upper()
        pattern, example = POSTAL_CODE_FORMATS.get(country, (GENERAL_POSTAL_CODE, ""))
        if not pattern.match(postal_code_normalise(value, country)):
            if example:
                message = _("“%(value)s” is not a postal code such as %(example)s.")
            else:
                message = _("“%(value)s” is not a postal code.")
            raise ValidationError(
                message,
                code="postal_code",
                params={"value": str(value).strip()[:20], "example": example},
            )

    def __eq__(self, other):
        return isinstance(other, PostalCodeValidator) and self.country == other.country
