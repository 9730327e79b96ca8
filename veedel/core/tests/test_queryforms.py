"""Query strings through forms (veedel/core/queryforms.py): clean values, named problems,
links that keep the filters, and the filter bar rendered from the form."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from veedel.core.queryforms import MAX_PAGE, PageField, QueryForm


class Query(QueryForm):
    q = forms.CharField(required=False, max_length=20, label="Words")
    art = forms.ChoiceField(required=False, choices=[("", "all"), ("a", "A"), ("b", "B")])
    anzahl = forms.IntegerField(required=False, min_value=1, max_value=50, initial=10)
    seite = PageField()
    refuse_empty = frozenset({"anzahl"})


def query(string: str) -> Query:
    return Query(QueryDict(string))


def test_an_empty_query_string_is_valid_and_gives_the_defaults():
    form = Query()
    assert form.is_bound and form.is_valid()
    assert form.values == {"q": "", "art": "", "anzahl": 10, "seite": None}
    assert form.given() == {}
    assert form.problems() == [] and form.api_problems() == []


def test_clean_values_of_what_could_be_read():
    form = query("q=Sprachkurs&art=b&anzahl=20&seite=3")
    assert form.values == {"q": "Sprachkurs", "art": "b", "anzahl": 20, "seite": 3}


@pytest.mark.parametrize(
    ("string", "parameter"),
    [
        ("seite=99999999999999999999", "seite"),  # overflows a 64-bit integer
        ("seite=0", "seite"),
        ("seite=%C2%B2", "seite"),  # "²" is a digit to str.isdigit, not to int()
        (f"seite={MAX_PAGE + 1}", "seite"),
        ("art=c", "art"),
        ("q=" + "x" * 21, "q"),
        ("q=a%00b", "q"),  # a NUL byte, which PostgreSQL cannot store or compare
        ("anzahl=", "anzahl"),  # given but empty, where that is refused
    ],
)
def test_a_bad_value_is_named_and_falls_back_to_the_default(string, parameter):
    with translation.override("en"):
        form = query(string)
        assert [name for name, _ in form.field_problems()] == [parameter]
        (sentence,) = form.problems()
        label = str(form[parameter].label)
    assert form.values[parameter] == Query.base_fields[parameter].initial
    assert parameter not in form.given()
    assert sentence.startswith(f"Filter “{label}”: ")
    assert sentence.endswith("It was ignored.")


def test_unknown_parameters_are_named_for_pages_and_apis():
    form = query("q=x&utm_source=mail&zzz=1")
    assert form.unknown_parameters() == ["utm_source", "zzz"]
    assert [name for name, _ in form.api_problems()] == ["utm_source", "zzz"]
    with translation.override("de"):
        assert "„utm_source“" in form.problems()[0]
    assert form.values["q"] == "x"  # the known ones still count


def test_read_shows_each_problem_to_the_visitor_as_a_warning():
    request = RequestFactory().get("/", {"seite": "x", "foo": "1"})
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        form = Query.read(request)
        texts = [m.message for m in get_messages(request)]
    assert form.values["seite"] is None
    assert len(texts) == 2
    assert "“Page”" in texts[0] and "“foo”" in texts[1]


def test_urlencode_keeps_readable_filters_and_applies_changes():
    form = query("q=Kita+Kalk&art=c&anzahl=5&seite=2&extra=1")
    # "art" could not be read and "extra" is unknown: neither is carried into links.
    assert QueryDict(form.urlencode()) == QueryDict("q=Kita+Kalk&anzahl=5&seite=2")
    assert QueryDict(form.urlencode(seite=3)) == QueryDict("q=Kita+Kalk&anzahl=5&seite=3")
    assert QueryDict(form.urlencode(seite=None, q=None)) == QueryDict("anzahl=5")


def test_multiple_values_survive_a_link():
    class Many(QueryForm):
        thema = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y")])

    form = Many(QueryDict("thema=x&thema=y"))
    assert form.values["thema"] == ["x", "y"]
    assert QueryDict(form.urlencode()).getlist("thema") == ["x", "y"]


def test_the_filter_bar_shows_the_visible_fields_but_not_the_page():
    form = query("q=Kita&seite=4")
    with translation.override("en"):
        html = render_to_string(
            "core/_filter_bar.html", {"form": form, "action": "/liste/", "label": "Filter"}
        )
    assert 'method="get" action="/liste/"' in html and 'aria-label="Filter"' in html
    assert 'name="q"' in html and 'value="Kita"' in html
    assert 'name="seite"' not in html  # a new filter starts at page 1
    assert 'href="/liste/"' in html  # "Reset filters", because a filter is set
    assert "form-errors" not in html


def test_the_filter_bar_marks_a_field_that_could_not_be_read():
    with translation.override("en"):
        html = render_to_string(
            "core/_filter_bar.html", {"form": query("art=zzz"), "action": "/liste/"}
        )
    assert 'class="form-errors" role="alert"' in html
    assert "field-invalid" in html
    assert "Reset filters" not in html  # nothing readable is set
