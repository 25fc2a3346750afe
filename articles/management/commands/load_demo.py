from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importing import import_path
from articles.parsing import ArticleImportError

LOGIN_URL = "http://127.0.0.1:8000/"
DEMO_FEED = "calder-courier.xml"


def demo_dir() -> Path:
    return Path(getattr(settings, "DEMO_ARTICLES_DIR", settings.BASE_DIR / "demo"))


def password_dir() -> Path:
    # var/ is git-ignored, so the generated passwords never end up in a commit.
    return Path(getattr(settings, "DEMO_PASSWORD_DIR", settings.BASE_DIR / "var"))


def read_password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def write_password(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable by the owner only: it is a working password for this database.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")


@transaction.atomic
def ensure_account(username: str, *, superuser: bool = False, editor: bool = False) -> str:
    """Create or repair the account; return a password that logs it in."""
    path = password_dir() / f"{username}-password.txt"
    saved = read_password(path)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@example.com")
    if saved and user.pk is not None and user.check_password(saved):
        password = saved
    else:
        # Reuse the saved password when there is one so that the file stays true.
        password = saved or secrets.token_urlsafe(12)
        user.set_password(password)
    user.is_active = True
    if superuser:
        user.is_staff = user.is_superuser = True
    user.save()
    if editor:
        try:
            user.groups.add(Group.objects.get(name="Editors"))
        except Group.DoesNotExist:
            raise CommandError("The Editors group is missing: run `manage.py migrate`.") from None
    if password != saved:
        write_password(path, password)
    return password


class Command(BaseCommand):
    help = (
        "Load the demo articles (demo/*.txt, existing ones are skipped) and make sure the "
        "`demo` editor and `admin` superuser exist; prints their passwords, which are kept "
        "in var/ so that every run prints the same ones."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        files = sorted(demo_dir().glob("*.txt"))
        if not files:
            raise CommandError(f"No demo articles found in {demo_dir()}")
        for path in files:
            try:
                result = import_path(path)
            except ArticleImportError as exc:
                raise CommandError(f"Demo article refused: {exc}") from exc
            if result.status == "imported":
                self.stdout.write(self.style.SUCCESS(f"imported  {path.name}: {result.detail()}"))
            else:
                self.stdout.write(f"present   {path.name}: “{result.article.title}”")
        self._save_demo_feed()
        # `make run PORT=…` says where it serves; the default is runserver's.
        site = os.environ.get("NEWSROOM_URL", "").strip() or LOGIN_URL
        demo_password = ensure_account("demo", editor=True)
        admin_password = ensure_account("admin", superuser=True)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Log in at {site} as demo / {demo_password} (valid only for this local database)"
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin at {site}admin/ as admin / {admin_password} "
                "(valid only for this local database)"
            )
        )
        self.stdout.write(f"Passwords are kept in {password_dir()}/.")

    def _save_demo_feed(self) -> None:
        """Save the demo feed (demo/feeds/, a file: URL) in the admin's feeds, once; its
        address follows the clone if it moved. `make run` then polls it (poll_feeds)."""
        from sources.models import Feed

        path = demo_dir() / "feeds" / DEMO_FEED
        if not path.is_file():
            return
        url = path.resolve().as_uri()
        feed = Feed.objects.filter(url__endswith=f"/feeds/{DEMO_FEED}").first()
        if feed is None:
            Feed.objects.create(url=url, title="The Calder Courier (demo feed)")
            self.stdout.write(self.style.SUCCESS(f"saved     the demo feed {url}"))
        elif feed.url != url:
            feed.url = url
            feed.save(update_fields=["url"])
