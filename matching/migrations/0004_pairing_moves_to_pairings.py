"""Pairing and PairingEvent now belong to the `pairings` app (pairings 0001), which keeps their tables under the same
names: this only removes them from this app's state and points proposals and gallery requests at pairings.Pairing
(the same table, so the foreign keys in the database are unchanged)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_proposal_not_published"),
        ("pairings", "0001_initial"),
        ("agreements", "0003_relationship_moves_to_pairings"),  # no model may point at matching.Pairing once it goes
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="proposal",
                    name="pairing",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposal",
                        to="pairings.pairing",
                    ),
                ),
                migrations.AlterField(
                    model_name="galleryrequest",
                    name="pairing",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="gallery_request",
                        to="pairings.pairing",
                    ),
                ),
                migrations.DeleteModel(name="PairingEvent"),
                migrations.DeleteModel(name="Pairing"),
            ],
        ),
    ]
