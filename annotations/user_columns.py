"""The user model's table and columns, quoted for the raw SQL that joins them (the panel's
page of entries, the reading page's drawn paragraphs): any user model, not only auth's."""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Field


@functools.cache
def user_columns() -> dict[str, str]:
    """``{"users": table, "pk": id column, "name": username column}``, each quoted."""
    user = get_user_model()
    username = user._meta.get_field(user.USERNAME_FIELD)
    pk = user._meta.pk
    assert isinstance(username, Field) and pk is not None
    return {
        "users": connection.ops.quote_name(user._meta.db_table),
        "pk": connection.ops.quote_name(str(pk.column)),
        "name": connection.ops.quote_name(str(username.column)),
    }
