from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import dj_database_url
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from annotations.models import Annotation
from articles.models import Article, Paragraph
from newsroom import boot
from newsroom.secret_key import ensure_local_key
from sources.fetching import MAX_BYTES
from tests.web_server import WebServer

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told it is fine (the test process only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    """The test run is an entry point like manage.py.

    It starts (or joins) the embedded PostgreSQL the tests run on, unless DATABASE_URL is
    set: importing the settings starts nothing. Before any connection is made, the settings
    take the server's own socket folder (it differs from the predicted one only for data
    folders whose path is too long for a Unix socket). And the local key, made once under
    var/: pytest-django reads the settings before this file, so the key (if the file was
    only made now) goes into them here, before any test signs a session or a CSRF token.
    """
    url = boot.database(supervise=False)
    if url is not None:
        parsed = dj_database_url.parse(url)
        database = django_settings.DATABASES["default"]
        database["HOST"], database["PORT"] = parsed["HOST"], parsed["PORT"]
    key = ensure_local_key()
    if key:
        django_settings.SECRET_KEY = key


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Suggestions run inside the on_commit callbacks a test executes, not in a thread.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Tests do not run collectstatic; serve static files through the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browser here: drive Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def make_user(
    username: str, *, editor: bool = False, groups: tuple[str, ...] = (), **extra: Any
) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def reader(db: None) -> User:
    return make_user("reader")


@pytest.fixture
def editor(db: None) -> User:
    return make_user("editor", editor=True)


@pytest.fixture
def other_editor(db: None) -> User:
    return make_user("other", editor=True)


@pytest.fixture
def reviewer(db: None) -> User:
    return make_user("rita", groups=("Reviewers",))


@pytest.fixture
def desk_chief(db: None) -> User:
    return make_user("chief", groups=("Desk",))


@pytest.fixture
def admin(db: None) -> User:
    return make_user("boss", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(db: None) -> Callable[[User | None], Client]:
    def _client(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _client


def annotate(paragraph: Paragraph, words: str, author: User, **extra: Any) -> Annotation:
    """Annotate the first occurrence of ``words`` (prefix and suffix filled in on save)."""
    start = paragraph.text.index(words)
    fields: dict[str, Any] = {"tag": "claim", **extra}
    return Annotation.objects.create(
        paragraph=paragraph,
        start=start,
        end=start + len(words),
        text=words,
        author=author,
        **fields,
    )


def assert_exact() -> None:
    """What the deferred exactness triggers check at COMMIT, which a test never reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Deferred again, as a new transaction would be, for whatever the test does next.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for annotation in Annotation.objects.exclude(anchor="orphaned").select_related("paragraph"):
        assert annotation.paragraph is not None
        assert annotation.paragraph.text[annotation.start : annotation.end] == annotation.text
        assert annotation.article_id == annotation.paragraph.article_id


ArticleFactory = Callable[..., Article]


@pytest.fixture
def make_article(db: None) -> ArticleFactory:
    counter = iter(range(1, 1_000_000))

    def _make(
        paragraphs: list[str] | None = None,
        *,
        title: str | None = None,
        slug: str | None = None,
        published: str = "2026-03-14",
        source: str = "The Harbour Gazette",
        kinds: list[str] | None = None,
    ) -> Article:
        n = next(counter)
        article = Article.objects.create(
            title=title or f"Council votes on harbour bridge {n}",
            slug=slug or f"council-votes-{n}",
            published=published,
            source=source,
            byline="By Ada Reporter",
        )
        texts = paragraphs or [
            "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
            "“It will pay for itself within a decade,” said the mayor, Rosa Lind.",
        ]
        Paragraph.objects.bulk_create(
            Paragraph(
                article=article,
                position=i,
                text=text,
                kind=(kinds[i - 1] if kinds else Paragraph.Kind.BODY),
            )
            for i, text in enumerate(texts, start=1)
        )
        return article

    return _make


QUOTE = "“It will pay for itself within a decade,” said the mayor, Rosa Lind."


@pytest.fixture
def story(make_article: ArticleFactory) -> Article:
    """A heading, a sentence, a quote and a line with emoji: the browser tests' article."""
    return make_article(
        title="Council backs harbour bridge",
        paragraphs=[
            "Harbour bridge",
            "The council voted 7–2 on Tuesday to fund the new harbour bridge.",
            QUOTE,
            "Locals 🌉 cheered the bridge vote 🎉 loudly.",
        ],
        kinds=["heading", "body", "body", "body"],
    )


@pytest.fixture
def article(make_article: ArticleFactory) -> Article:
    return make_article()


@pytest.fixture
def login_page(
    live_server: Any, page: Any, client_for: Callable[[User | None], Client]
) -> Iterator[Callable[[User], Any]]:
    """Give the browser a logged-in session cookie for ``user``, skipping the login form."""

    def _login(user: User) -> Any:
        client = client_for(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )
        return page

    yield _login


class Migrations:
    """Move the test database's schema back to older migrations and forward again."""

    def __init__(self) -> None:
        self.latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    def back_to(self, targets: list[tuple[str, str]], state: list[tuple[str, str]]) -> Any:
        """Migrate back to ``targets``; the apps (historical models) of ``state``."""
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(state).apps

    def forward(self) -> None:
        """Apply every migration again (what the data migrations under test do)."""
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(self.latest)


@pytest.fixture
def migrations(transactional_db: None) -> Iterator[Migrations]:
    """:class:`Migrations`; the schema is at the latest migration again afterwards."""
    helper = Migrations()
    try:
        yield helper
    finally:
        helper.forward()


@pytest.fixture(scope="session")
def web_server_session() -> Iterator[WebServer]:
    server = WebServer(limit=MAX_BYTES)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def web_server(web_server_session: WebServer, settings: Any) -> WebServer:
    """The tests' own web server on loopback (tests/web_server.py), with fetching from
    loopback allowed for this test: ``web_server.url + "/fixtures/web/page.html"``."""
    settings.NEWSROOM_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    web_server_session.requests.clear()
    return web_server_session
