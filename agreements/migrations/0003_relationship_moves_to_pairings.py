"""The records of a relationship's life now belong to the `pairings` app (pairings 0001), which keeps their tables
under the same names: this only removes them from this app's state and points the agreement at pairings.Pairing
(the same table, so the foreign key in the database is unchanged)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_eventattendance_checkin_matchfeedback_pulseresponse"),
        ("pairings", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="agreement",
                    name="pairing",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="agreement", to="pairings.pairing"
                    ),
                ),
                migrations.DeleteModel(name="CheckIn"),
                migrations.DeleteModel(name="EventAttendance"),
                migrations.DeleteModel(name="MatchFeedback"),
                migrations.DeleteModel(name="PulseResponse"),
                migrations.DeleteModel(name="RematchRequest"),
                migrations.DeleteModel(name="ThankYouNote"),
            ],
        ),
    ]
