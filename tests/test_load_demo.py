from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate as django_authenticate
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.management import call_command
from django.test import RequestFactory

from articles.models import Article, Paragraph
from articles.parsing import decode, parse_text

pytestmark = pytest.mark.django_db


def authenticate(username: str, password: str) -> AbstractBaseUser | None:
    """Django's authenticate, with the request that login throttling (django-axes) needs."""
    request = RequestFactory().post("/accounts/login/")
    return django_authenticate(request, username=username, password=password)


LOGIN_LINE = re.compile(
    r"Log in at http://127\.0\.0\.1:8000/ as demo / (\S+) \(valid only for this local database\)"
)
ADMIN_LINE = re.compile(r"Admin at http://127\.0\.0\.1:8000/admin/ as admin / (\S+) ")


@pytest.fixture(autouse=True)
def password_dir(settings: Any, tmp_path: Path) -> Path:
    # Never touch the developer's var/ files from a test database.
    settings.DEMO_PASSWORD_DIR = tmp_path
    return tmp_path


def load_demo() -> tuple[str, str, str]:
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    demo, admin = LOGIN_LINE.search(text), ADMIN_LINE.search(text)
    assert demo and admin, text
    return text, demo.group(1), admin.group(1)


def test_it_is_idempotent() -> None:
    _, demo_password, admin_password = load_demo()
    counts = (Article.objects.count(), Paragraph.objects.count(), User.objects.count())
    text, demo_again, admin_again = load_demo()
    assert (Article.objects.count(), Paragraph.objects.count(), User.objects.count()) == counts
    assert counts[0] == 3
    assert (demo_again, admin_again) == (demo_password, admin_password)
    assert text.count("present   ") == 3


def test_it_makes_a_demo_editor_and_an_admin_who_can_log_in(password_dir: Path) -> None:
    _, demo_password, admin_password = load_demo()
    demo = authenticate(username="demo", password=demo_password)
    admin = authenticate(username="admin", password=admin_password)
    assert isinstance(demo, User) and isinstance(admin, User)
    assert list(demo.groups.values_list("name", flat=True)) == ["Editors"]
    assert demo.has_perm("annotations.add_annotation")
    assert not demo.is_staff
    assert admin.is_staff and admin.is_superuser
    assert (password_dir / "demo-password.txt").read_text().strip() == demo_password
    assert (password_dir / "admin-password.txt").read_text().strip() == admin_password
    assert (password_dir / "demo-password.txt").stat().st_mode & 0o077 == 0
    assert demo_password != admin_password


def test_it_resets_the_password_when_the_file_is_lost(password_dir: Path) -> None:
    _, old_password, _ = load_demo()
    (password_dir / "demo-password.txt").unlink()
    _, new_password, _ = load_demo()
    assert new_password != old_password
    assert (password_dir / "demo-password.txt").read_text().strip() == new_password
    assert authenticate(username="demo", password=new_password) is not None
    assert User.objects.filter(username="demo").count() == 1


def test_it_reuses_a_saved_password_for_a_fresh_database(password_dir: Path) -> None:
    (password_dir / "demo-password.txt").write_text("saved-demo-password-123\n")
    _, demo_password, _ = load_demo()
    assert demo_password == "saved-demo-password-123"
    assert authenticate(username="demo", password="saved-demo-password-123") is not None


def test_it_repairs_an_existing_demo_user(password_dir: Path) -> None:
    User.objects.create_user("demo", password="something-else-entirely")
    _, demo_password, _ = load_demo()
    demo = User.objects.get(username="demo")
    assert demo.check_password(demo_password)
    assert demo.groups.filter(name="Editors").exists()


@pytest.mark.parametrize("path", sorted((django_settings.BASE_DIR / "demo").glob("*.txt")))
def test_it_ships_demo_articles_that_show_every_feature(path: Path) -> None:
    parsed = parse_text(decode(path.read_bytes()))
    assert 8 <= len(parsed.paragraphs) <= 15
    assert not parsed.title_derived and parsed.source and parsed.byline
    assert parsed.count("heading") == 1
    assert parsed.count("caption") == 1
    text = "\n".join(p.text for p in parsed.paragraphs)
    assert "“" in text and "”" in text and "—" in text
    assert re.search(r"\d", text)
    assert not text.isascii()


def test_it_ships_one_demo_article_with_an_emoji() -> None:
    texts = [p.read_text() for p in (django_settings.BASE_DIR / "demo").glob("*.txt")]
    assert len(texts) == 3
    assert any(any(ord(c) > 0xFFFF for c in text) for text in texts)


@pytest.mark.django_db
def test_it_names_the_address_make_run_serves_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_URL", "http://127.0.0.1:8031/")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Log in at http://127.0.0.1:8031/ as demo / " in out.getvalue()
    assert "Admin at http://127.0.0.1:8031/admin/ as admin / " in out.getvalue()


def test_it_prints_the_address_make_run_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    # `make run PORT=8001` passes NEWSROOM_URL; the login lines name that address.
    monkeypatch.setenv("NEWSROOM_URL", "http://127.0.0.1:8001/")
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Log in at http://127.0.0.1:8001/ as demo / " in text
    assert "Admin at http://127.0.0.1:8001/admin/ as admin / " in text
    assert ":8000" not in text


def test_make_run_passes_its_port_to_load_demo() -> None:
    import subprocess

    root = Path(django_settings.BASE_DIR)
    out = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run", "PORT=8001"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "NEWSROOM_URL=http://127.0.0.1:8001/ " in out
    assert "runserver 127.0.0.1:8001" in out


def test_the_first_install_says_what_it_is_doing() -> None:
    import subprocess

    root = Path(django_settings.BASE_DIR)
    out = subprocess.run(
        ["make", "-n", "-W", "requirements-dev.lock", ".venv/.installed"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Installing Python dependencies" in out and "about 1-2 minutes" in out
    # The lock file's exact versions and hashes; the project itself is not installed (it
    # is not a package), so no setuptools "Editable installation" warning either.
    assert "pip install --quiet --require-hashes --no-deps -r requirements-dev.lock" in out
    assert " -e " not in out and "'.[dev]'" not in out
