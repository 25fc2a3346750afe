from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = "Suggestions"

    def ready(self) -> None:
        from suggestions import signals  # noqa: F401  (recompute after imports and edits)
