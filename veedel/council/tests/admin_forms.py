"""Posting an admin change form as a browser would: every field with the value it shows,
the inlines with their management forms, and the changes a test makes."""

from __future__ import annotations

from django import forms


def _unwrap(widget):
    """The widget inside the admin's wrapper (the "+" links of a foreign key)."""
    return getattr(widget, "widget", widget)


def form_data(form) -> dict:
    """What a browser sends for ``form`` as it is shown."""
    data: dict = {}
    for bound in form:
        widget = _unwrap(bound.field.widget)
        value = bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.SelectMultiple):
            data[bound.html_name] = [str(v) for v in (value or [])]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def change_form_post(client, url: str, changes=None, inline_changes=None):
    """GET the admin change form at ``url`` and POST it back with ``changes`` (field →
    value; None unticks a checkbox) and ``inline_changes(forms_data)``, which edits the list
    of the first inline's form data (dicts without prefixes; add one for a new row, set
    ``DELETE`` to remove one)."""
    page = client.get(url)
    assert page.status_code == 200, page.content[:300]
    data = form_data(page.context["adminform"].form)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        rows = []
        for row_form in formset.initial_forms:
            row = form_data(row_form)
            rows.append({key.removeprefix(row_form.prefix + "-"): v for key, v in row.items()})
        if inline_changes is not None and inline is page.context["inline_admin_formsets"][0]:
            inline_changes(rows)
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(formset.initial_forms)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            for key, value in row.items():
                if value is None:
                    continue
                data[f"{prefix}-{index}-{key}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response) -> str:
    context = response.context or {}
    problems = []
    if "adminform" in context:
        problems.append(str(context["adminform"].form.errors))
    for inline in context.get("inline_admin_formsets", []):
        problems.append(str(inline.formset.errors) + str(inline.formset.non_form_errors()))
    return " ".join(problems) or response.content[:500].decode(errors="replace")
