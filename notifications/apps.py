from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"

    def ready(self) -> None:
        # Registers the ledger's tasks with Celery in every process: services.py queues them by name.
        from notifications import tasks  # noqa: F401
