"""Publishing in a program that allows groups: a mentor given several mentees mentors them as one group."""

import pytest
from django.urls import reverse

from matching import publishing
from matching.models import MatchRun, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor
from pairings.models import MentoringGroup, PairingEvent

pytestmark = pytest.mark.django_db


def publish_two_mentors(program, chair):
    """One mentor proposed three mentees, another one mentee."""
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
    busy, single = approved_mentor(program, capacity=3), approved_mentor(program, capacity=1)
    for mentor, n in ((busy, 3), (single, 1)):
        for _ in range(n):
            Proposal.objects.create(
                run=run, mentor_application=mentor, mentee_application=approved_mentee(program), score=0.5
            )
    program.mentor_max_mentees = 3
    program.save()
    return publishing.match_run_publish(run=run, actor=chair), busy, single


def test_where_groups_are_allowed_a_mentors_new_mentees_form_one_group(program, chair):
    program.allows_groups = True
    publication, busy, single = publish_two_mentors(program, chair)
    assert len(publication.pairings) == 4
    group = MentoringGroup.objects.get()
    assert (group.mentor_application, group.program, group.created_by) == (busy, program, chair)
    assert group.pairings.count() == 3
    assert not single.pairings_as_mentor.filter(group__isnull=False).exists()
    assert PairingEvent.objects.filter(kind=PairingEvent.Kind.GROUPED).count() == 3


def test_where_groups_are_not_allowed_every_pair_stays_one_to_one(program, chair):
    publication, _busy, _single = publish_two_mentors(program, chair)
    assert len(publication.pairings) == 4
    assert not MentoringGroup.objects.exists()
    assert all(p.group_id is None for p in publication.pairings)


def proposals_for_two_mentors(program, chair) -> tuple[MatchRun, object, list, object]:
    """A mentor proposed two mentees, another one; nothing published."""
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
    busy, single = approved_mentor(program, capacity=2), approved_mentor(program, capacity=1)
    mentees = [approved_mentee(program) for _ in range(3)]
    for mentor, mentee in ((busy, mentees[0]), (busy, mentees[1]), (single, mentees[2])):
        Proposal.objects.create(run=run, mentor_application=mentor, mentee_application=mentee, score=0.5)
    program.mentor_max_mentees = 2
    program.save()
    return run, busy, mentees, single


def test_the_confirmation_names_the_groups_that_will_form_where_groups_are_allowed(client, program, chair):
    program.allows_groups = True
    run, busy, mentees, single = proposals_for_two_mentors(program, chair)
    [group] = publishing.publish_plan(run).groups
    assert [pair.proposal.mentee_application for pair in group] == mentees[:2]
    client.force_login(chair)
    page = client.post(
        reverse("admin:matching_matchrun_changelist"), {"action": "publish", "_selected_action": [run.pk]}
    ).content.decode()
    assert "Groups that will form (1)" in page
    names = [m.applicant.full_name for m in mentees]
    assert f"{busy.applicant.full_name} mentors {names[0]}, {names[1]}</li>" in page
    assert f"{single.applicant.full_name} mentors" not in page
    assert not MentoringGroup.objects.exists()  # the page only says so
    publishing.match_run_publish(run=run, actor=chair)
    assert [p.mentee_application for p in MentoringGroup.objects.get().pairings.order_by("pk")] == mentees[:2]


def test_the_confirmation_names_no_group_where_groups_are_not_allowed(client, program, chair):
    run, *_ = proposals_for_two_mentors(program, chair)
    assert publishing.publish_plan(run).groups == []
    client.force_login(chair)
    page = client.post(
        reverse("admin:matching_matchrun_changelist"), {"action": "publish", "_selected_action": [run.pk]}
    ).content.decode()
    assert "Groups that will form" not in page
