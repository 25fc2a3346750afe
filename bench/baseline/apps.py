from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """The bench's baseline: one unmanaged model and one view."""

    name = "baseline"
    default_auto_field = "django.db.models.BigAutoField"
