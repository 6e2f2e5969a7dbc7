"""Every model in the admin, discovered from its registry: a chair of one association finds only that association's
rows in its change list (and in its filters' choices), and the other association's row is "not found" on its change
page. A model registered without a path to its program is the installation's own and closed to chairs; the list of
those is pinned here, so a new model is either scoped or a deliberate decision."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from accounts.models import User
from applications.factories import ApplicationFactory, ProfileFactory
from applications.models import Program
from matching.models import MatchRun
from mentorship.tests.worlds import program_world
from notifications.models import OptOut

pytestmark = pytest.mark.django_db

INSTALLATION_WIDE = {
    User,
    Group,
    EmailAddress,
    OptOut,
    PeriodicTask,
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
}
ADMINS = sorted(admin.site._registry.values(), key=lambda a: a.model._meta.label)


@pytest.fixture
def two_worlds(settings, tmp_path, program, chair, other_association):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    theirs = Program.objects.create(
        name="IaCMA 2024", slug="iacma", host=other_association, deadline=program.deadline, chair_email="c@ia.org"
    )
    return {
        "ours": program_world(program, ProfileFactory().user, ProfileFactory().user, chair).objects,
        "theirs": program_world(theirs, ProfileFactory().user, ProfileFactory().user, chair).objects,
    }


def test_the_installations_own_models_are_exactly_these():
    assert {a.model for a in ADMINS if a.installation_wide} == INSTALLATION_WIDE


@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model._meta.label)
def test_a_chair_finds_only_their_associations_rows(client, two_worlds, host_chair, model_admin):
    model, opts = model_admin.model, model_admin.model._meta
    client.force_login(host_chair)
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    if model_admin.installation_wide:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].queryset}
    ours, theirs = two_worlds["ours"][model], two_worlds["theirs"][model]
    assert ours.pk in shown
    assert theirs.pk not in shown
    assert "IaCMA 2024" not in response.content.decode()  # nor in a filter's choices
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[theirs.pk]))
    assert change.status_code == 404
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[ours.pk])).status_code == 200


@pytest.mark.parametrize(
    "model_admin", [a for a in ADMINS if not a.installation_wide], ids=lambda a: a.model._meta.label
)
def test_a_superuser_finds_every_associations_rows(client, two_worlds, chair, model_admin):
    opts = model_admin.model._meta
    client.force_login(chair)
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    shown = {row.pk for row in response.context["cl"].queryset}
    assert {two_worlds["ours"][model_admin.model].pk, two_worlds["theirs"][model_admin.model].pk} <= shown


def test_another_associations_run_cannot_be_read_through_the_proposals_filter(client, two_worlds, host_chair):
    """The proposals page names a run's unmatched mentees: asked for another association's run, it shows none."""
    theirs = two_worlds["theirs"][MatchRun]
    waiting = ApplicationFactory(program=theirs.program, status="approved")
    client.force_login(host_chair)
    page = client.get(reverse("admin:matching_proposal_changelist") + f"?run__id__exact={theirs.pk}")
    content = page.content.decode()
    assert waiting.applicant.full_name not in content
    assert "IaCMA 2024" not in content
