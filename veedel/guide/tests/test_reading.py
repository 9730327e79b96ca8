"""The public reading pages of the guide: the current edition, an edition's pages, earlier and
example editions, and drafts that never leak to those who may not see them."""

import pytest
from django.conf import settings
from django.urls import reverse

from veedel.guide.finder import guide_index
from veedel.guide.tests.factories import edition_make, german, german_plural

pytestmark = pytest.mark.django_db

NOT_CURRENT = (
    'This edition is not the current one – <a href="%(url)s">go to the current edition</a>'
)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def editions():
    """An earlier and a current published edition, and a newer draft."""
    old = edition_make(title="Leitfaden 2012", slug="leitfaden-2012", year=2012)
    new = edition_make(title="Leitfaden 2020", slug="leitfaden-2020", year=2020, is_example=True)
    draft = edition_make(
        title="Geheimer Entwurf", slug="entwurf-2030", year=2030, published=False, situations=2
    )
    draft.situations.filter(order=1).update(title="Vertrauliche Situation")
    return {"old": old, "new": new, "draft": draft}


def test_the_guide_start_shows_the_newest_published_edition(client, editions):
    page = html(client.get(reverse("guide:current")))
    assert "Leitfaden 2020" in page
    assert "Geheimer Entwurf" not in page
    assert german(NOT_CURRENT, url=editions["new"].get_absolute_url()) not in page
    # Example editions say so.
    assert german("Example edition") in page
    # Browsing by goal and topic, the situations and key processes, the finder and the PDF.
    assert reverse("guide:goal", args=["leitfaden-2020", "praevention"]) in page
    assert reverse("guide:topic", args=["leitfaden-2020", "kinder-jugend-familie"]) in page
    assert reverse("guide:situation", args=["leitfaden-2020", "ausgangssituation-1"]) in page
    assert reverse("guide:process", args=["leitfaden-2020", "schluesselprozess-2"]) in page
    assert reverse("guide:finder") in page
    assert reverse("guide:edition_pdf", args=["leitfaden-2020"]) in page
    assert 'href="#situationen"' in page and 'id="situationen"' in page


def test_without_a_published_edition_the_start_says_so(client):
    edition_make(published=False)
    page = html(client.get(reverse("guide:current")))
    assert german("No edition of the guide is published yet.") in page


def test_an_earlier_edition_stays_readable_and_points_to_the_current_one(client, editions):
    page = html(client.get(reverse("guide:edition", args=["leitfaden-2012"])))
    assert "Leitfaden 2012" in page
    note = german(NOT_CURRENT, url=editions["new"].get_absolute_url())
    assert note in page
    assert german("Example edition") not in page
    # The note is on every page of the earlier edition, and it links its own finder.
    process = html(client.get(editions["old"].key_processes.first().get_absolute_url()))
    assert note in process
    assert reverse("guide:edition_finder", args=["leitfaden-2012"]) in process


def test_the_editions_list_shows_published_editions_only_to_the_public(client, login, editions):
    page = html(client.get(reverse("guide:editions")))
    assert "Leitfaden 2012" in page and "Leitfaden 2020" in page
    assert "Geheimer Entwurf" not in page
    assert german("current edition") in page and german("earlier edition") in page
    office = html(login("geschaeftsstelle").get(reverse("guide:editions")))
    assert "Geheimer Entwurf" in office
    assert reverse("guide:edition_add") in office


@pytest.mark.parametrize("persona", [None, "bewohnerin", "koordination-kalk", "traeger"])
def test_drafts_do_not_leak_to_anyone_but_the_programme_office(client, login, editions, persona):
    if persona:
        client = login(persona)
    draft = editions["draft"]
    process = draft.key_processes.first()
    urls = [
        reverse("guide:edition", args=[draft.slug]),
        reverse("guide:edition_pdf", args=[draft.slug]),
        reverse("guide:goal", args=[draft.slug, "praevention"]),
        reverse("guide:topic", args=[draft.slug, "kinder-jugend-familie"]),
        reverse("guide:situation", args=[draft.slug, "ausgangssituation-1"]),
        process.get_absolute_url(),
        reverse("guide:process_pdf", args=[draft.slug, process.slug]),
        reverse("guide:methods", args=[draft.slug]),
        reverse("guide:method", args=[draft.slug, "methode-1"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in (reverse("guide:current"), reverse("guide:editions")):
        page = html(client.get(url))
        assert "Geheimer Entwurf" not in page and "Vertrauliche Situation" not in page
        assert draft.slug not in page


def test_the_programme_office_reads_a_draft_with_a_note(login, editions):
    page = html(login("geschaeftsstelle").get(editions["draft"].get_absolute_url()))
    assert "Vertrauliche Situation" in page
    assert (
        german("Draft – not published. Only the programme office and administrators can see it.")
        in page
    )
    assert reverse("guide:edit", args=["entwurf-2030"]) in page


def test_goal_and_topic_pages_list_only_their_situations_and_processes(client, editions):
    edition = editions["new"]
    page = html(client.get(reverse("guide:goal", args=[edition.slug, "praevention"])))
    # Goals go round: situation 1 and process 1 have the first goal, the others do not.
    assert "Ausgangssituation 1<" in page and "Ausgangssituation 2<" not in page
    assert "Schlüsselprozess 1<" in page and "Schlüsselprozess 2<" not in page
    topic = html(client.get(reverse("guide:topic", args=[edition.slug, "kinder-jugend-familie"])))
    assert "Ausgangssituation 1<" in topic and "Schlüsselprozess 1<" in topic


def test_situation_page(client, editions):
    edition = editions["new"]
    page = html(client.get(reverse("guide:situation", args=[edition.slug, "ausgangssituation-2"])))
    assert "Beschreibung der Ausgangssituation 2." in page
    assert "<li>Erstes Anzeichen 2</li>" in page
    assert reverse("guide:process", args=[edition.slug, "schluesselprozess-2"]) in page
    assert reverse("guide:goal", args=[edition.slug, "integration"]) in page


def test_the_guide_s_german_texts_are_marked_german_on_an_arabic_page(client, editions):
    """WCAG 3.1.2: the edition's texts stay German on a page in another language, marked so
    (and set in their own direction on a right-to-left page); German pages need no mark."""
    edition = editions["new"]
    url = reverse("guide:situation", args=[edition.slug, "ausgangssituation-2"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = html(client.get(url))
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<div class="guide-text" lang="de" dir="auto"><p>Beschreibung der Ausgangs' in arabic
    assert '<ul lang="de" dir="auto"><li>Erstes Anzeichen 2</li>' in arabic
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    german = html(client.get(url))
    assert '<div class="guide-text"><p>Beschreibung der Ausgangs' in german
    assert 'lang="de" dir="auto"' not in german


def test_key_process_page_shows_the_ordered_steps_with_methods_and_situations(client, editions):
    edition = editions["new"]
    page = html(client.get(reverse("guide:process", args=[edition.slug, "schluesselprozess-1"])))
    assert "Wozu Schlüsselprozess 1 dient." in page
    positions = [page.index(f'id="schritt-{n}"') for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert 'href="#schritt-2"' in page  # the table of contents of the steps
    for text in (
        "Ziel des Schritts 2",
        "Koordination, Akteure im Veedel",
        "Ergebnis des Schritts 2",
    ):
        assert text in page
    assert "2 Wochen" in page and "Stolperstein 3" in page
    assert reverse("guide:method", args=[edition.slug, "methode-2"]) in page
    # Situations 1 and 3 lead to process 1 (situation i suggests process i mod 2).
    assert reverse("guide:situation", args=[edition.slug, "ausgangssituation-3"]) in page
    assert reverse("guide:process_pdf", args=[edition.slug, "schluesselprozess-1"]) in page
    assert not edit_tools(page, edition, "schluesselprozess-1")


def edit_tools(page: str, edition, slug: str) -> list[str]:
    """The addresses of the edit tools of a key process page that ``page`` links to."""
    process = edition.key_processes.get(slug=slug)
    urls = [
        reverse("guide:edit", args=[edition.slug]),
        reverse("guide:process_edit", args=[edition.slug, slug]),
        reverse("guide:process_delete", args=[edition.slug, slug]),
        reverse("guide:step_add", args=[edition.slug, slug]),
    ]
    for step in process.steps.all():
        for name in ("step_edit", "step_delete", "step_move"):
            urls.append(reverse(f"guide:{name}", args=[edition.slug, slug, step.pk]))
    return [url for url in urls if url in page]


@pytest.mark.parametrize(
    "persona", [None, "bewohnerin", "koordination-kalk", "traeger", "geschaeftsstelle", "admin"]
)
def test_nobody_gets_edit_tools_on_a_published_edition(client, login, editions, persona):
    """A published edition is read-only for everybody; who edits the guide copies it."""
    if persona:
        client = login(persona)
    edition = editions["new"]
    page = html(client.get(reverse("guide:process", args=[edition.slug, "schluesselprozess-1"])))
    assert edit_tools(page, edition, "schluesselprozess-1") == []
    start = html(client.get(edition.get_absolute_url()))
    copy = reverse("guide:edition_copy", args=[edition.slug])
    assert (copy in start) is (persona in ("geschaeftsstelle", "admin"))


def test_the_programme_office_gets_every_edit_tool_on_a_draft(login, editions):
    draft = editions["draft"]
    page = html(login("geschaeftsstelle").get(draft.key_processes.first().get_absolute_url()))
    process = draft.key_processes.first()
    tools = edit_tools(page, draft, process.slug)
    # The edition's and the process's tools, and edit, delete and move for each step.
    assert len(tools) == 4 + 3 * process.steps.count()


def test_method_library_and_method_page(client, editions):
    edition = editions["new"]
    page = html(client.get(reverse("guide:methods", args=[edition.slug])))
    assert "Methode 1" in page and "Kurzbeschreibung der Methode 2" in page
    assert (
        german_plural("used in %(n)s step", "used in %(n)s steps", 4, n=4) in page
    )  # steps 1 and 3 of both processes use method 1
    method = html(client.get(reverse("guide:method", args=[edition.slug, "methode-2"])))
    assert "So wird Methode 2 angewendet." in method
    assert f"{reverse('guide:process', args=[edition.slug, 'schluesselprozess-1'])}#schritt-2" in (
        method
    )


@pytest.mark.parametrize(
    "url",
    [
        "/leitfaden/gibt-es-nicht/",
        "/leitfaden/leitfaden-2020/situationen/gibt-es-nicht/",
        "/leitfaden/leitfaden-2020/prozesse/gibt-es-nicht/",
        "/leitfaden/leitfaden-2020/prozesse/gibt-es-nicht/prozess.pdf",
        "/leitfaden/leitfaden-2020/methoden/gibt-es-nicht/",
        "/leitfaden/leitfaden-2020/leitziele/gibt-es-nicht/",
        "/leitfaden/leitfaden-2020/themenfelder/gibt-es-nicht/",
        "/leitfaden/gibt-es-nicht/leitfaden.pdf",
    ],
)
def test_unknown_addresses_are_404(client, editions, url):
    assert client.get(url).status_code == 404


def test_a_situation_of_another_edition_is_not_found_under_this_one(client, editions):
    # The same slugs exist in both editions; each page looks only in its own.
    editions["new"].situations.filter(slug="ausgangssituation-3").delete()
    url = reverse("guide:situation", args=["leitfaden-2020", "ausgangssituation-3"])
    assert client.get(url).status_code == 404
    old_url = reverse("guide:situation", args=["leitfaden-2012", "ausgangssituation-3"])
    assert client.get(old_url).status_code == 200


def test_reading_pages_refuse_other_methods(client, editions):
    response = client.post(reverse("guide:edition", args=["leitfaden-2020"]))
    assert response.status_code == 405


def test_the_editions_list_never_names_a_draft_it_was_copied_from(client, login, personas):
    from veedel.guide.services import edition_copy, edition_publish
    from veedel.guide.tests.factories import edition_make

    office = personas["geschaeftsstelle"]
    published = edition_make(title="Leitfaden 2020", year=2020)
    secret = edition_copy(edition=published, title="Interner Entwurf GEHEIM", year=2025, by=office)
    handbook = edition_copy(edition=secret, title="Handbuch 2026", year=2026, by=office)
    edition_publish(edition=handbook, by=office)
    url = reverse("guide:editions")
    public = client.get(url).text
    assert "Handbuch 2026" in public
    assert "GEHEIM" not in public
    assert "GEHEIM" in login("geschaeftsstelle").get(url).text


def test_reading_pages_name_parameters_they_do_not_take(client, editions):
    edition = editions["new"]
    for url in (
        reverse("guide:current"),
        reverse("guide:editions"),
        edition.get_absolute_url(),
        edition.key_processes.first().get_absolute_url(),
        reverse("guide:methods", args=[edition.slug]),
    ):
        response = client.get(url, {"sortierung": "neu"})
        messages = [str(m) for m in response.context["messages"]]
        assert response.status_code == 200, url
        assert len(messages) == 1 and "sortierung" in messages[0], url


def test_a_pdf_with_a_parameter_it_does_not_take_is_a_400_naming_it(client, editions):
    url = reverse("guide:edition_pdf", args=[editions["new"].slug])
    response = client.get(url, {"seite": "2"})
    assert response.status_code == 400
    assert response.content.decode().startswith("seite: ")


def test_the_finder_reads_q_and_names_any_other_parameter(client, editions):
    guide_index(edition=editions["new"])
    response = client.get(reverse("guide:finder"), {"q": "Ausgangssituation", "edition": "x"})
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "edition" in messages[0]
    assert response.context["result"].found
