from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "associations"
    verbose_name = "Associations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from associations import roles

        # The chairs' and coordinators' groups follow the permission lists in roles.py after every migrate.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="associations.sync_role_groups")
