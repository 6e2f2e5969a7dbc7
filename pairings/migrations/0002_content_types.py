"""The moved models' content types follow them to this app, so the permissions chairs hold on them (e.g.
`matching.view_pairing`, now `pairings.view_pairing`) and the admin's history of them stay attached."""

from django.db import migrations

MOVED = {
    "matching": ("pairing", "pairingevent"),
    "agreements": ("checkin", "eventattendance", "matchfeedback", "pulseresponse", "rematchrequest", "thankyounote"),
}


def _move(apps, *, to_old_app: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, models in MOVED.items():
        source, target = ("pairings", old_app) if to_old_app else (old_app, "pairings")
        for model in models:
            # One created under the target app meanwhile (a partial migrate's post_migrate) holds only the
            # default permissions, unassigned; the moved one carries what was granted.
            if content_type.objects.filter(app_label=source, model=model).exists():
                content_type.objects.filter(app_label=target, model=model).delete()
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor) -> None:
    _move(apps, to_old_app=False)


def backwards(apps, schema_editor) -> None:
    _move(apps, to_old_app=True)


class Migration(migrations.Migration):
    dependencies = [
        ("pairings", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
