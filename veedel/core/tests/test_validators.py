"""The shared validators: bidirectional control characters in links and e-mail addresses,
postal codes per country (veedel/core/validators.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from veedel.core.validators import (
    BIDI_CONTROLS,
    PostalCodeValidator,
    bidi_controls_in,
    postal_code_normalise,
    reject_bidi_controls,
)


def refused(validator, value) -> ValidationError | None:
    try:
        validator(value)
    except ValidationError as error:
        return error
    return None


# --- bidirectional control characters -----------------------------------------------------


def test_a_right_to_left_override_passes_djangos_url_validation_but_not_ours():
    url = "https://\u202egnp.exe"
    assert refused(URLValidator(), url) is None  # why the validator is needed
    error = refused(reject_bidi_controls, url)
    assert error is not None and error.code == "bidi_control"
    assert "U+202E" in error.messages[0]


@pytest.mark.parametrize("character", sorted(BIDI_CONTROLS))
def test_every_bidi_control_is_refused_anywhere_in_the_value(character):
    for value in (f"{character}https://example.org", f"https://exa{character}mple.org/x"):
        assert refused(reject_bidi_controls, value) is not None


@pytest.mark.parametrize(
    "character",
    ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_the_characters_the_issue_names_are_all_covered(character):
    assert character in BIDI_CONTROLS


def test_e_mail_addresses_are_refused_too():
    address = "info@\u202eexample.org"
    assert refused(reject_bidi_controls, address) is not None
    assert refused(reject_bidi_controls, "info@example.org") is None
    assert refused(EmailValidator(), "info@example.org") is None


@pytest.mark.parametrize(
    "value",
    ["", None, "https://example.org/über-uns", "https://مثال.إختبار/", "mailto:a@b.de", "שלום"],
)
def test_ordinary_and_right_to_left_text_without_controls_passes(value):
    assert refused(reject_bidi_controls, value) is None


def test_the_message_names_each_character_once_in_order():
    assert bidi_controls_in("a\u2067b\u202ec\u2067") == ["U+2067", "U+202E"]


# --- postal codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "good", "bad"),
    [
        ("DE", ["50667", "01067", "99998"], ["2012-02-30", "5066", "506677", "00123", "5O667"]),
        ("AT", ["1010", "6020"], ["10100", "0123", "A-1010"]),
        ("CH", ["8001", "3000"], ["80011", "0800"]),
        ("NL", ["1012 AB", "1012ab", "1012 ab"], ["0123 AB", "1012 SS", "1012", "1012 A1"]),
        ("PL", ["00-950"], ["00950"]),
        ("GB", ["SW1A 1AA", "EC1A 1BB"], ["2012-02-30", "SW1A--1AA", "ABCDEF", "1-2-3"]),
    ],
)
def test_postal_codes_follow_the_country(country, good, bad):
    validator = PostalCodeValidator(country)
    for value in good:
        assert refused(validator, value) is None, value
    for value in bad:
        error = refused(validator, value)
        assert error is not None and error.code == "postal_code", value


def test_the_message_shows_the_value_and_an_example_of_the_country():
    error = refused(PostalCodeValidator("DE"), "2012-02-30")
    assert "2012-02-30" in error.messages[0] and "50667" in error.messages[0]


def test_without_a_country_the_setting_decides(settings):
    validator = PostalCodeValidator()
    settings.VEEDEL_DEFAULT_COUNTRY = "DE"
    assert refused(validator, "1010") is not None
    settings.VEEDEL_DEFAULT_COUNTRY = "AT"
    assert refused(validator, "1010") is None
    assert refused(validator, "50667") is not None


def test_empty_is_left_to_required():
    assert refused(PostalCodeValidator("DE"), "") is None


def test_dutch_postal_codes_are_written_with_the_space_and_capitals():
    assert postal_code_normalise(" 1012ab ", "NL") == "1012 AB"
    assert postal_code_normalise("50667 ", "DE") == "50667"


def test_the_validator_is_deconstructible_for_migrations():
    path, args, kwargs = PostalCodeValidator().deconstruct()
    assert path == "veedel.core.validators.PostalCodeValidator"
    assert PostalCodeValidator() == PostalCodeValidator()
    assert PostalCodeValidator("AT") != PostalCodeValidator()
