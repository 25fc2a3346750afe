"""The article admin's pages: changelist, upload/import page, change pages, permissions.
Editing paragraphs through the admin is in test_admin_article_edits.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import strip_tags

from annotations.models import Annotation
from articles.models import Article
from sources.models import ImportJob
from tests.conftest import ArticleFactory, make_user

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
CHANGELIST = "/admin/articles/article/"
IMPORT = "/admin/articles/article/import/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


_PROGRESS_ROW = re.compile(
    r'<th scope="row" class="import-file__name" dir="auto">(.*?)</th>\s*'
    r'<td class="import-file__result">(.*?)</td>',
    re.S,
)


def progress_lines(html: str) -> list[str]:
    """Each file's line on an import job's progress page: "name: status: what happened"."""
    return [
        f"{unescape(name)}: {unescape(strip_tags(result))}"
        for name, result in _PROGRESS_ROW.findall(html)
    ]


def import_lines(client: Client, data: dict[str, Any], capture: Any) -> list[str]:
    """Upload in the admin, run the import job as the tasks backend does once the request
    has committed, and read each file's line from the job's progress page."""
    with capture(execute=True):
        response = client.post(IMPORT, data)
    assert response.status_code == 302
    assert response["Location"].startswith(IMPORT)
    page = client.get(response["Location"])
    assert page.status_code == 200
    return progress_lines(page.content.decode())


def staff(*codenames: str) -> User:
    user = make_user("staffer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_it_lists_articles_with_paragraph_and_annotation_counts(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["One.", "Two.", "Three."], title="Counted article")
    paragraph = article.paragraphs.get(position=1)
    Annotation.objects.create(
        paragraph=paragraph, start=0, end=3, text="One", tag="claim", author=admin
    )
    response = client_for(admin).get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counted article" in html
    assert '<td class="field-paragraphs">3</td>' in html
    assert '<td class="field-annotations">1</td>' in html
    assert f'href="{IMPORT}"' in html


def test_it_sorts_the_changelist_by_paragraph_count(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    make_article(["One.", "Two.", "Three."], title="Long one")
    make_article(["Only."], title="Short one")
    html = client_for(admin).get(CHANGELIST, {"o": "4"}).content.decode()
    assert html.index("Short one") < html.index("Long one")
    html = client_for(admin).get(CHANGELIST, {"o": "-4"}).content.decode()
    assert html.index("Long one") < html.index("Short one")


def test_it_filters_and_searches_the_changelist(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    make_article(title="Ferry news", source="Courier")
    make_article(title="Bridge news", source="Gazette")
    html = client_for(admin).get(CHANGELIST, {"source": "Courier"}).content.decode()
    assert "Ferry news" in html
    assert "Bridge news" not in html
    html = client_for(admin).get(CHANGELIST, {"q": "Bridge"}).content.decode()
    assert "Bridge news" in html
    assert "Ferry news" not in html


def test_it_sends_anonymous_users_to_a_login_page(client_for: ClientFor) -> None:
    assert client_for(None).get(CHANGELIST).status_code == 302
    response = client_for(None).get(IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_forbids_the_import_page_to_non_staff_and_staff_without_permission(
    client_for: ClientFor, reader: User, editor: User
) -> None:
    assert client_for(reader).get(IMPORT).status_code == 403
    assert client_for(editor).get(IMPORT).status_code == 403
    viewer = staff("view_article")
    assert client_for(viewer).get(IMPORT).status_code == 403
    assert client_for(viewer).post(IMPORT, {}).status_code == 403


def test_it_shows_the_import_form_to_staff_who_can_add_articles(client_for: ClientFor) -> None:
    response = client_for(staff("add_article", "view_article")).get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and "multiple" in html
    assert (
        'accept=".txt,.html,.htm,.xml,.json,text/plain,text/html,application/xhtml+xml,'
        "application/xml,text/xml,application/nitf+xml,application/vnd.iptc.g2.newsitem+xml,"
        'application/vnd.iptc.g2.newsmessage+xml,application/json"'
    ) in html
    assert 'name="replace"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<script>" not in html and "style=" not in html


def test_it_imports_good_uploads_and_reports_bad_ones(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    good = upload(
        "good.txt", "date 2026-03-14\ntitle Pier opens\n\nIntro.\n\nCafé “news”.".encode()
    )
    bad = upload("bad.txt", b"date 2021-13-45\n\nText.")
    client = client_for(admin)
    assert import_lines(client, {"uploads": [good, bad]}, django_capture_on_commit_callbacks) == [
        "good.txt: imported: “Pier opens”, 2 paragraphs (0 headings, 0 captions)",
        "bad.txt: refused: line 1: invalid date '2021-13-45' (YYYY-MM-DD)",
    ]
    article = Article.objects.get()
    assert list(article.paragraphs.values_list("text", flat=True)) == ["Intro.", "Café “news”."]


def test_it_refuses_files_that_are_not_txt(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    docx = upload("story.docx", b"date 2026-03-14\n\nText.")
    lines = import_lines(client_for(admin), {"uploads": [docx]}, django_capture_on_commit_callbacks)
    assert lines == [
        "story.docx: refused: not a file Newsroom reads (.docx; it reads .txt, .html, .htm, .xml, .json)"
    ]
    assert not Article.objects.exists()


def test_it_skips_or_replaces_duplicates_on_request(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    capture = django_capture_on_commit_callbacks
    old = upload("a.txt", b"date 2026-03-14\ntitle T\n\nOld.")
    import_lines(client, {"uploads": [old]}, capture)
    new = upload("a.txt", b"date 2026-03-14\ntitle T\n\nNew.")
    assert import_lines(client, {"uploads": [new]}, capture) == [
        "a.txt: skipped: duplicate of “T” (t), replace to update it"
    ]
    new.seek(0)
    assert import_lines(client, {"uploads": [new], "replace": "on"}, capture) == [
        "a.txt: replaced: “T”, now 1 paragraph (0 headings, 0 captions)"
    ]
    assert list(Article.objects.get().paragraphs.values_list("text", flat=True)) == ["New."]


def test_it_requires_at_least_one_file(client_for: ClientFor, admin: User) -> None:
    response = client_for(admin).post(IMPORT, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_it_refuses_other_methods_on_the_import_page(client_for: ClientFor, admin: User) -> None:
    assert client_for(admin).put(IMPORT).status_code == 405
    assert client_for(admin).delete(IMPORT).status_code == 405


def test_it_checks_the_csrf_token_on_upload(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(IMPORT, {"uploads": [upload("a.txt", b"date 2026-03-14\n\nText.")]})
    assert response.status_code == 403
    assert not Article.objects.exists() and not ImportJob.objects.exists()


def test_it_shows_the_paragraphs_inline_on_the_change_page(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    article = make_article(["Second in text.", "First heading"], kinds=["body", "heading"])
    response = client_for(admin).get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "paragraphs-TOTAL_FORMS" in html
    assert "Second in text." in html
    assert html.index("Second in text.") < html.index("First heading")


def test_it_searches_paragraphs_and_filters_them_by_kind(
    client_for: ClientFor, admin: User, make_article: ArticleFactory
) -> None:
    make_article(["A ferry story.", "Ferry heading"], kinds=["body", "heading"])
    client = client_for(admin)
    html = client.get("/admin/articles/paragraph/", {"q": "ferry"}).content.decode()
    assert "A ferry story." in html and "Ferry heading" in html
    html = client.get("/admin/articles/paragraph/", {"kind__exact": "heading"}).content.decode()
    assert "Ferry heading" in html
    assert "A ferry story." not in html


def test_it_lists_an_articles_annotations_read_only(
    client_for: Any, admin: Any, editor: Any, article: Any
) -> None:
    para = article.paragraphs.get(position=2)
    annotation = Annotation.objects.create(
        paragraph=para, start=1, end=7, text=para.text[1:7], tag="quote", author=editor
    )
    client = client_for(admin)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "annotations (read-only)" in html.lower()
    assert f"/admin/annotations/annotation/{annotation.pk}/change/" in html
    assert para.text[1:7] in html
    html = client.get(f"/admin/articles/paragraph/{para.pk}/change/").content.decode()
    assert para.text[1:7] in html
    assert 'name="annotations-MAX_NUM_FORMS" value="0"' in html  # no adding here
