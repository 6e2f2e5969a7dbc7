from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MentorshipConfig(AppConfig):
    name = "mentorship"

    def ready(self) -> None:
        from mentorship.pagecache import install_triggers

        # Sent once per app with models after every migrate (and flush), when every table exists; the first
        # installs the triggers, the others find them in place.
        post_migrate.connect(install_triggers, dispatch_uid="mentorship.pagecache.triggers")
