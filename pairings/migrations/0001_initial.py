"""Pairing and the records of its life change owner, not place: `matching` and `agreements` kept their tables,
and this app now owns them under their old names (`db_table`). State only: no row is copied and no table is
renamed, so every foreign key (Agreement, Proposal, GalleryRequest) still points at the same rows.

agreements 0003 and matching 0004 drop the models from their own state; 0002 moves the content types (and so the
permissions granted on them and the admin's history) to this app."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("applications", "0003_program_allow_rematch_program_gallery_response_days_and_more"),
        ("matching", "0003_proposal_not_published"),
        ("agreements", "0002_eventattendance_checkin_matchfeedback_pulseresponse"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Pairing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('active', 'Active'), ('ended', 'Ended early (no fault)'), ('completed', 'Completed')], default='active', max_length=10)),
                        ('source', models.CharField(choices=[('chair', 'Matched by the chair'), ('gallery', 'Requested from the Mentors Gallery')], default='chair', max_length=10)),
                        ('score', models.FloatField(blank=True, help_text='The match score when it was proposed, 0 to 1.', null=True)),
                        ('reasons', models.JSONField(blank=True, default=list, help_text='Plain reasons for the match, as shown to the chair.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When the pairing was published or accepted.')),
                        ('started_on', models.DateField(help_text='First day of the term.')),
                        ('ends_on', models.DateField(help_text='Last day of the agreed term; the pairing completes after it.')),
                        ('ended_at', models.DateTimeField(blank=True, null=True)),
                        ('end_reason', models.TextField(blank=True, help_text='Private to the chair.')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('mentee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('mentee_application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pairings_as_mentee', to='applications.application')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('mentor_application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pairings_as_mentor', to='applications.application')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pairings', to='applications.program')),
                    ],
                    options={
                        'db_table': 'matching_pairing',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')])),
                        ('comments', models.TextField(blank=True, help_text='For the chair.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='pairings.pairing')),
                    ],
                    options={
                        'db_table': 'agreements_matchfeedback',
                    },
                ),
                migrations.CreateModel(
                    name='EventAttendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('regional', 'Regional event'), ('signature', 'Signature event')], max_length=10)),
                        ('name', models.CharField(max_length=200)),
                        ('date', models.DateField()),
                        ('logged_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events_attended', to='pairings.pairing')),
                    ],
                    options={
                        'db_table': 'agreements_eventattendance',
                        'ordering': ['-date'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('form', models.CharField(choices=[('in_person', 'In person'), ('phone', 'Phone'), ('video', 'Video'), ('email', 'Email')], max_length=20)),
                        ('minutes', models.PositiveSmallIntegerField(help_text='How long, in minutes.')),
                        ('note', models.TextField(blank=True, help_text='Private to the two of you.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('logged_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='pairings.pairing')),
                    ],
                    options={
                        'db_table': 'agreements_checkin',
                        'ordering': ['-date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PairingEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('created', 'Paired'), ('agreement_edited', 'Agreement edited'), ('signed', 'Agreement signed'), ('signatures_voided', 'Signatures voided by an edit'), ('executed', 'Agreement executed'), ('ended', 'Ended (no fault)'), ('completed', 'Term completed')], max_length=20)),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('note', models.CharField(blank=True, max_length=200)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='pairings.pairing')),
                    ],
                    options={
                        'db_table': 'matching_pairingevent',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PulseResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('round', models.PositiveSmallIntegerField()),
                        ('score', models.PositiveSmallIntegerField(choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')])),
                        ('comment', models.TextField(blank=True)),
                        ('answered_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pulses', to='pairings.pairing')),
                        ('respondent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'agreements_pulseresponse',
                        'ordering': ['pairing', 'round', 'respondent'],
                    },
                ),
                migrations.CreateModel(
                    name='RematchRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(blank=True, help_text='What the mentee wrote, for the chair.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('mentee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.OneToOneField(help_text='The pairing that ended.', on_delete=django.db.models.deletion.CASCADE, related_name='rematch_request', to='pairings.pairing')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rematch_requests', to='applications.program')),
                    ],
                    options={
                        'db_table': 'agreements_rematchrequest',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ThankYouNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message', models.TextField()),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pairing', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='thank_you_note', to='pairings.pairing')),
                    ],
                    options={
                        'db_table': 'agreements_thankyounote',
                    },
                ),
                migrations.AddIndex(
                    model_name='pairing',
                    index=models.Index(fields=['program', 'status'], name='matching_pa_program_4d2748_idx'),
                ),
                migrations.AddConstraint(
                    model_name='pairing',
                    constraint=models.UniqueConstraint(fields=('mentor_application', 'mentee_application'), name='one_pairing_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='pairing',
                    constraint=models.CheckConstraint(condition=models.Q(('mentor', models.F('mentee')), _negated=True), name='never_paired_with_self'),
                ),
                migrations.AddConstraint(
                    model_name='matchfeedback',
                    constraint=models.UniqueConstraint(fields=('pairing', 'author'), name='one_feedback_per_partner'),
                ),
                migrations.AddIndex(
                    model_name='checkin',
                    index=models.Index(fields=['pairing', 'date'], name='agreements__pairing_36067a_idx'),
                ),
                migrations.AddConstraint(
                    model_name='pulseresponse',
                    constraint=models.UniqueConstraint(fields=('pairing', 'respondent', 'round'), name='one_pulse_per_round'),
                ),
            ],
        ),
    ]
