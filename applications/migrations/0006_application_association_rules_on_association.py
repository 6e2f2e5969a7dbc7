"""The non-member rule moves from the program to the association (0004 copied it to each host); each application
names the association whose rules it follows, its program's host for those made before."""

import django.db.models.deletion
from django.db import migrations, models


def applications_under_their_host(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Program = apps.get_model("applications", "Program")
    for program_id, host_id in Program.objects.values_list("pk", "host_id"):
        Application.objects.filter(program_id=program_id, association__isnull=True).update(association_id=host_id)


def rules_back_to_programs(apps, schema_editor):
    """Going back: each program takes its host's rule again (the rule the programs followed since 0004)."""
    Program = apps.get_model("applications", "Program")
    for program in Program.objects.select_related("host"):
        program.allow_eligible_nonmembers = program.host.allow_eligible_nonmembers
        program.nonmember_fee = program.host.nonmember_fee
        program.save(update_fields=["allow_eligible_nonmembers", "nonmember_fee"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_program_host_required"),
        ("associations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="association",
            field=models.ForeignKey(
                blank=True,
                help_text="The association the applicant is a member of (or, as an eligible non-member, applies "
                "through): the program's host or a partner. Its membership categories and non-member fee apply. "
                "Blank: the host.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="associations.association",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="membership",
            field=models.CharField(
                blank=True,
                choices=[
                    ("full", "Full member"),
                    ("student", "Student member"),
                    ("affiliate", "Affiliate member"),
                    ("nonmember", "Not a member, but eligible for membership"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(applications_under_their_host, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, rules_back_to_programs),
        migrations.RemoveField(model_name="program", name="allow_eligible_nonmembers"),
        migrations.RemoveField(model_name="program", name="nonmember_fee"),
    ]
