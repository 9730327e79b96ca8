"""Addresses of reports (German paths): the list, generating, and per report its page, text
editing, approval, publication, PDF, DOCX and the council paper drafted from it."""

from django.urls import path

from veedel.reports import views

app_name = "reports"

PAGES = [
    ("", views.report_detail, ""),
    ("bearbeiten/", views.report_edit, "_edit"),
    ("freigeben/", views.report_approve_view, "_approve"),
    ("veroeffentlichen/", views.report_publish_view, "_publish"),
    ("bericht.pdf", views.report_pdf_view, "_pdf"),
    ("bericht.docx", views.report_docx_view, "_docx"),
    ("mitteilung/", views.report_paper_view, "_paper"),
]

urlpatterns = [
    path("berichte/", views.report_list, name="list"),
    path("berichte/erstellen/", views.report_generate_view, name="generate"),
]
for suffix, view, name in PAGES:
    urlpatterns += [
        path(f"berichte/<int:year>/programmbericht/{suffix}", view, name=f"programme_report{name}"),
        path(
            f"berichte/<int:year>/sachberichte/<slug:slug>/{suffix}",
            view,
            name=f"office_report{name}",
        ),
    ]
