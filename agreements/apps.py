from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"

    def ready(self) -> None:
        # Registers the tasks in every process (web too): services queue them by name, so they never import them.
        from agreements import tasks  # noqa: F401
