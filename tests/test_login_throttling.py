"""Login throttling (django-axes): a run of wrong passwords stops getting fresh tries, the
login page says why, and an admin can lift the lockout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
MISMATCH = "Your username and password didn't match"
LOCKED = "Too many failed log-ins for this username from your address"


def _log_in(client: Client, password: str, username: str = "reader") -> int:
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/"})
    return response.status_code


def test_it_stops_giving_fresh_tries_after_five_wrong_passwords(reader: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = []
    for n in range(50):
        response = client.post(LOGIN, {"username": "reader", "password": f"guess {n}"})
        answers.append(response.status_code)
        if n == 3:
            assert MISMATCH in response.content.decode()
    # Four plain refusals, then the lockout for the 5th and every try after it.
    assert answers == [200] * 4 + [429] * 46
    page = response.content.decode()
    assert LOCKED in page
    assert "15 minutes" in page and "An admin can lift the pause" in page
    assert 'role="alert"' in page and 'value="reader"' in page  # the form, filled in again
    # Not even the right password gets in during the lockout.
    assert _log_in(client, PASSWORD) == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_log_in_clears_the_count(reader: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert _log_in(client, "wrong") == 200
    assert _log_in(client, PASSWORD) == 302
    client.logout()
    for _ in range(4):
        assert _log_in(client, "wrong") == 200
    assert _log_in(client, PASSWORD) == 302


def test_a_lockout_holds_one_username_from_one_address(reader: User, editor: User) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _log_in(attacker, "wrong")
    assert _log_in(attacker, PASSWORD) == 429
    # The same person from the newsroom's address, and another account from the same
    # address, still log in: nobody locks an editor out by guessing wrong on purpose.
    assert _log_in(Client(REMOTE_ADDR="198.51.100.20"), PASSWORD) == 302
    assert _log_in(attacker, PASSWORD, username="editor") == 302


def test_an_admin_lifts_the_lockout(
    reader: User, admin: User, client_for: Callable[[User | None], Client]
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _log_in(client, "wrong")
    assert _log_in(client, PASSWORD) == 429
    attempt = AccessAttempt.objects.get(username="reader")

    # The admin's list of access attempts shows it; deleting it lifts the lockout.
    boss = client_for(admin)
    changelist = boss.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200
    assert "203.0.113.7" in changelist.content.decode()
    response = boss.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert _log_in(client, PASSWORD) == 302
    assert client.session["_auth_user_id"] == str(reader.pk)
