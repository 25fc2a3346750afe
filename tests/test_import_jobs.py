"""The admin's upload of many files as a background job (sources.jobs): the progress page
(files n of N, each file's line, polling with htmx until done), who may see it, and an
item-by-item report for a NewsML-G2 newsMessage."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from articles.importing import import_bytes
from articles.models import Article
from sources.jobs import KEEP_JOBS, run_import_job, start_file_import, start_url_import
from sources.models import STALE_JOB, ImportJob, ImportJobFile
from suggestions.backends import ThreadBackend
from tests.test_admin_articles import IMPORT, ClientFor, import_lines, progress_lines, staff

pytestmark = pytest.mark.django_db

BATCH = Path(__file__).resolve().parent / "fixtures" / "formats" / "messages" / "wire-batch.xml"
HTMX = {"HX-Request": "true", "HX-Target": "import-progress"}
GOOD = b"date 2026-03-14\ntitle Pier opens\n\nIntro."
BAD = b"date 2021-13-45\n\nText."


def progress_url(job: ImportJob) -> str:
    return reverse("admin:articles_article_import_job", args=[job.pk])


def uploads(*files: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in files]


def test_the_upload_answers_before_any_file_is_read_and_the_page_polls_until_done(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(IMPORT, {"uploads": uploads(("good.txt", GOOD), ("bad.txt", BAD))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == progress_url(job)
    assert len(queued) == 1 and not Article.objects.exists()
    assert list(job.files.values_list("name", "state")) == [
        ("good.txt", "waiting"),
        ("bad.txt", "waiting"),
    ]
    page = client.get(progress_url(job)).content.decode()
    assert "Queued: 0 of 2 files done." in " ".join(page.split())
    poll = f"{progress_url(job)}?seen=0"
    assert f'hx-get="{poll}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    # Nothing new while no file more is done: no content, no swap, the polling goes on.
    waiting = client.get(poll, headers=HTMX)
    assert waiting.status_code == 204 and waiting.content == b""
    # A poll that saw less (or a first one) gets the block and the status line's text.
    partial = client.get(progress_url(job), headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="import-progress"')
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial
    assert '<p id="import-progress-status" hx-swap-oob="innerHTML">Queued: 0 of 2' in partial

    assert run_import_job.call(job.pk) == "done"
    done = client.get(poll, headers=HTMX).content.decode()
    assert "hx-trigger" not in done  # finished: the polling stops
    text = " ".join(done.split())
    assert "Done: 2 of 2 files — 1 imported, 0 duplicates, 1 refused." in text
    assert '<progress max="2" value="2"' in done
    article = Article.objects.get()
    assert f'href="/admin/articles/article/{article.pk}/change/"' in done
    assert progress_lines(done) == [
        "good.txt: imported: “Pier opens”, 1 paragraph (0 headings, 0 captions)",
        "bad.txt: refused: line 1: invalid date '2021-13-45' (YYYY-MM-DD)",
    ]
    # The bytes are not kept once read; a job is run once.
    assert not ImportJobFile.objects.exclude(data=None).exists()
    assert run_import_job.call(job.pk) == "not queued"
    assert Article.objects.count() == 1


def test_a_news_message_is_reported_item_by_item(
    client_for: ClientFor, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    files = uploads(("wire-batch.xml", BATCH.read_bytes()), ("good.txt", GOOD))
    client = client_for(admin)
    lines = import_lines(client, {"uploads": files}, django_capture_on_commit_callbacks)
    tram = Article.objects.get(title="Night trams run again on the harbour line")
    assert lines == [
        "wire-batch.xml, item 1 of 4: imported: “Night trams run again on the harbour line”, "
        "2 paragraphs (0 headings, 0 captions)",
        "wire-batch.xml, item 2 of 4: imported: “La bibliothèque du port ouvre le dimanche”, "
        "2 paragraphs (0 headings, 0 captions)",
        "wire-batch.xml, item 3 of 4: refused: no date (NewsML-G2 keeps it in contentCreated, "
        "firstCreated or versionCreated)",
        f"wire-batch.xml, item 4 of 4: skipped: duplicate of “{tram.title}” ({tram.slug}), "
        "replace to update it",
        "good.txt: imported: “Pier opens”, 1 paragraph (0 headings, 0 captions)",
    ]
    job = ImportJob.objects.get()
    assert (job.files_done, job.files_total, job.state) == (2, 2, "done")
    assert job.finished is not None
    page = " ".join(client.get(progress_url(job)).content.decode().split())
    assert "Done: 2 of 2 files — 5 results: 3 imported, 1 duplicate, 1 refused." in page


def test_a_file_over_the_limit_is_refused_unread(admin: User, settings: Any) -> None:
    big = SimpleUploadedFile("big.txt", b"x")
    big.size = 11 * 2**20
    job = start_file_import(admin, [big])
    row = job.files.get()
    assert (row.state, row.data, job.files_done) == ("refused", None, 1)
    assert row.message.startswith("file too large (11.0 MB, the limit is")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("editor", 403),
        ("staff without the import permission", 403),
        ("owner", 200),
        ("other importer", 404),
        ("superuser", 200),
    ],
)
def test_the_progress_page_answers_by_who_asks(
    who: str, expected: int, editor: User, admin: User, client_for: ClientFor
) -> None:
    owner = staff("add_article", "view_article")
    job = start_file_import(owner, uploads(("good.txt", GOOD)))
    users = {
        "anonymous": None,
        "editor": editor,
        "staff without the import permission": User.objects.create_user("viewer", is_staff=True),
        "owner": owner,
        "other importer": User.objects.create_user("other", is_staff=True),
        "superuser": admin,
    }
    other = users["other importer"]
    assert other is not None
    other.user_permissions.set(owner.user_permissions.all())
    response = client_for(users[who]).get(progress_url(job))
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    if expected == 200:
        assert "good.txt" in response.content.decode()


def test_the_progress_page_takes_get_only_and_knows_no_other_job(
    admin: User, client_for: ClientFor
) -> None:
    client = client_for(admin)
    job = start_file_import(admin, uploads(("good.txt", GOOD)))
    for method in (client.post, client.put, client.delete):
        response = method(progress_url(job))
        assert response.status_code == 405 and response["Allow"] == "GET"
    missing = reverse("admin:articles_article_import_job", args=[job.pk + 1000])
    assert client.get(missing).status_code == 404


def test_a_job_that_stopped_moving_says_so_and_stops_polling(
    client_for: ClientFor, admin: User
) -> None:
    job = start_file_import(admin, uploads(("good.txt", GOOD), ("other.txt", GOOD)))
    client = client_for(admin)
    assert 'hx-trigger="every 1s"' in client.get(progress_url(job), headers=HTMX).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(
        progressed=timezone.now() - STALE_JOB - datetime.timedelta(seconds=1)
    )
    html = " ".join(client.get(progress_url(job), headers=HTMX).content.decode().split())
    assert "hx-trigger" not in html
    assert "Stopped: 0 of 2 files done. The worker ended before this import finished" in html
    page = client.get(IMPORT).content.decode()
    assert f'<a href="{progress_url(job)}">' in page and "stopped, 0 of 2 files" in page


def test_the_import_page_lists_only_the_users_own_recent_imports(
    client_for: ClientFor, admin: User
) -> None:
    other = staff("add_article", "view_article")
    mine = start_file_import(admin, uploads(("good.txt", GOOD)))
    theirs = start_file_import(other, uploads(("good.txt", GOOD)))
    page = " ".join(client_for(admin).get(IMPORT).content.decode().split())
    assert f'<a href="{progress_url(mine)}">' in page and "queued, 0 of 1 file" in page
    assert progress_url(theirs) not in page


@pytest.mark.parametrize("files", [1, 12])
def test_the_progress_partial_costs_the_same_queries_for_any_number_of_files(
    files: int, client_for: ClientFor, admin: User, django_assert_num_queries: Any
) -> None:
    job = start_file_import(admin, uploads(*[(f"f{n}.txt", GOOD) for n in range(files)]))
    run_import_job.call(job.pk)
    client = client_for(admin)
    # Session, user, the job, its rows with their articles.
    with django_assert_num_queries(4):
        response = client.get(f"{progress_url(job)}?seen=0", headers=HTMX)
    assert len(progress_lines(response.content.decode())) == files


def test_starting_a_job_forgets_the_users_jobs_older_than_a_month(admin: User) -> None:
    other = staff("add_article", "view_article")
    old = start_file_import(admin, uploads(("good.txt", GOOD)))
    recent = start_file_import(admin, uploads(("good.txt", GOOD)))
    theirs = start_file_import(other, uploads(("good.txt", GOOD)))
    month = timezone.now() - KEEP_JOBS - datetime.timedelta(seconds=1)
    ImportJob.objects.filter(pk__in=[old.pk, theirs.pk]).update(created=month)
    start_url_import(admin, "https://news.example/story")
    kept = set(ImportJob.objects.values_list("pk", flat=True))
    assert old.pk not in kept and {recent.pk, theirs.pk} <= kept
    assert not ImportJobFile.objects.filter(job_id=old.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_projects_thread_backend_runs_the_upload_after_the_request_answered(
    client_for: ClientFor, admin: User, settings: Any
) -> None:
    # Imported first, with the tests' immediate backend: the upload below then imports
    # nothing new, so no suggestions task starts in a thread this test cannot wait for (a
    # task enqueued from the worker's thread gets that thread's own backend).
    existing = import_bytes(GOOD, "good.txt").article
    settings.TASKS = {"default": {"BACKEND": "suggestions.backends.ThreadBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, ThreadBackend)
    client = client_for(admin)
    response = client.post(IMPORT, {"uploads": uploads(("again.txt", GOOD), ("bad.txt", BAD))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == progress_url(job)
    backend.drain()
    job.refresh_from_db()
    assert (job.state, job.files_done) == ("done", 2)
    assert progress_lines(client.get(progress_url(job)).content.decode()) == [
        f"again.txt: skipped: duplicate of “Pier opens” ({existing.slug}), replace to update it",
        "bad.txt: refused: line 1: invalid date '2021-13-45' (YYYY-MM-DD)",
    ]
