"""The admin's home starts with the chair's programs: the step each is at and what waits, with links; only their
own programs; in a fixed number of queries however many programs they run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from applications.factories import ApplicationFactory
from applications.models import Application, Program
from dashboard.selectors.home import chair_home
from matching.models import MatchRun
from pairings.factories import MentoringGroupFactory, PairingFactory
from pairings.models import Pairing

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")


def test_the_chair_starts_from_their_programs_step_and_what_waits(client, host_chair, program, other_coordinator):
    ApplicationFactory.create_batch(3, program=program, status=Application.Status.SUBMITTED)
    client.force_login(host_chair)
    page = client.get(HOME).content.decode()
    assert "Start here: your programs" in page
    assert program.name in page and "Taking applications until" in page
    assert "3 applications to review" in page
    assert f"?program__id__exact={program.pk}&amp;status__exact=submitted" in page
    assert reverse("dashboard:program", args=[program.slug]) in page
    assert "IaCMA 2024" not in page  # the other association's program (other_coordinator's) is not theirs


def test_a_closed_program_with_a_draft_run_points_to_its_proposals(client, host_chair, program, chair):
    program.deadline = dt.date.today() - dt.timedelta(days=3)
    program.save()
    run = MatchRun.objects.create(program=program, created_by=chair)
    client.force_login(host_chair)
    page = client.get(HOME).content.decode()
    assert "Matching: a run waits for you to publish it" in page
    assert f"?run__id__exact={run.pk}" in page


def test_the_home_costs_the_same_queries_with_one_program_or_ten(client, host_chair, program):
    def queries() -> int:
        client.force_login(host_chair)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    one = queries()
    for n in range(9):
        more = Program.objects.create(
            name=f"Program {n}", slug=f"p{n}", host=program.host, deadline=program.deadline, chair_email="c@x.org"
        )
        ApplicationFactory(program=more)
    assert queries() == one


def test_a_groups_one_agreement_waits_once_beside_each_pairs_own(program):
    group = MentoringGroupFactory(members=3, program=program)
    services.agreement_for_pairing(pairing=group.pairings.order_by("pk").first())  # started, signed by nobody
    PairingFactory(program=program)  # a pair with no agreement yet
    Pairing.objects.filter(program=program).update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20))

    (step,) = chair_home(Program.objects.filter(pk=program.pk))
    waits = {wait.label: wait.count for wait in step.waits}
    assert waits["agreements unsigned after two weeks"] == 2  # the group's, once, and the pair's
