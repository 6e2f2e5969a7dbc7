import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_program_host_association"),
        ("associations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="program",
            name="host",
            field=models.ForeignKey(
                help_text="The association running it: its chairs run the program; its name and look are on emails "
                "and agreements.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hosted_programs",
                to="associations.association",
            ),
        ),
        migrations.RemoveField(model_name="program", name="association"),
    ]
