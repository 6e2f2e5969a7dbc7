"""Each notice names the association that sends it (its program's host; for a chapter offer, the chapter's), so
that association's chairs see it in the admin and its email wears the association's look. Existing rows are filled
from their program, and a chapter offer's notices from the offer their context names."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_associations(apps, schema_editor):
    Notice = apps.get_model("notifications", "Notice")
    Program = apps.get_model("applications", "Program")
    ChapterOffer = apps.get_model("chapters", "ChapterOffer")
    Notice.objects.filter(program__isnull=False).update(
        association=Subquery(Program.objects.filter(pk=OuterRef("program_id")).values("host_id")[:1])
    )
    chapter_notices = Notice.objects.filter(program__isnull=True, kind__startswith="chapter_offer_")
    offer_ids = {
        notice.pk: notice.context.get("offer", {}).get("pk") for notice in chapter_notices.only("pk", "context")
    }
    associations = dict(
        ChapterOffer.objects.filter(pk__in=[pk for pk in offer_ids.values() if pk]).values_list(
            "pk", "chapter__association_id"
        )
    )
    by_association: dict[int, list[int]] = {}
    for notice_id, offer_id in offer_ids.items():
        if offer_id in associations:
            by_association.setdefault(associations[offer_id], []).append(notice_id)
    for association_id, notice_ids in by_association.items():
        Notice.objects.filter(pk__in=notice_ids).update(association_id=association_id)


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_initial"),
        ("applications", "0007_program_kind_deadline_optional_requires_agreement"),
        ("chapters", "0001_initial"),
        ("notifications", "0002_retry_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="association",
            field=models.ForeignKey(
                blank=True,
                help_text="Who sends it: the program's host, or the association of the chapter it is about. Its "
                "chairs see it, and the email wears its look.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="notices",
                to="associations.association",
            ),
        ),
        migrations.RunPython(fill_associations, migrations.RunPython.noop),
    ]
