"""A mentoring group on the chair's dashboard: each member's row counts the check-ins the group logged together and
the signatures of the group's one agreement (kept on its first pairing), so no member shows as quiet or unsigned
wrongly."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.tests.conftest import sign
from dashboard.exports import report_html
from dashboard.figures import Adherence
from dashboard.selectors import program_dashboard
from dashboard.tests.conftest import table_rows
from pairings import groups
from pairings.factories import MentoringGroupFactory
from pairings.models import MentoringGroup, Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> MentoringGroup:
    """A mentor and three mentees, paired 150 days ago, meeting monthly."""
    group = MentoringGroupFactory(members=3, program__recommended_frequency="monthly")
    started = timezone.now() - dt.timedelta(days=150)
    for pairing in group.pairings.select_related("program"):
        pairing.created_at, pairing.started_on = started, timezone.localdate(started)
        pairing.ends_on = Pairing.term_for(pairing.program, pairing.started_on)[1]
        pairing.save()
        pairing.mentee_application.frequency = "monthly"
        pairing.mentee_application.save(update_fields=["frequency"])
    return group


def members(group: MentoringGroup) -> list[Pairing]:
    return list(group.pairings.select_related("program", "mentor", "mentee").order_by("pk"))


def rows(group: MentoringGroup) -> dict[str, object]:
    dashboard = program_dashboard(group.program)
    return {"pairs": {p.mentee: p for p in dashboard.relationships.pairs}, "d": dashboard}


def action_titles(dashboard, key: str) -> list[str]:
    return [item.title for item in next(g for g in dashboard.actions if g.key == key).items]


def test_a_check_in_the_group_logged_together_counts_for_every_member(group):
    quiet = rows(group)
    assert {p.adherence for p in quiet["pairs"].values()} == {Adherence.QUIET}  # what the check-in must change
    logged = timezone.localdate() - dt.timedelta(days=10)
    groups.group_checkin_log(group=group, actor=group.mentor, date=logged, form="video", minutes=60)
    seen = rows(group)
    for pairing in members(group):
        pair = seen["pairs"][pairing.mentee.full_name]
        assert (pair.checkins, pair.last_checkin) == (1, logged), pairing
        assert pair.adherence == Adherence.ON_TRACK, pairing
    assert action_titles(seen["d"], "quiet") == []
    assert action_titles(seen["d"], "first_checkin") == []


def test_every_member_reads_the_groups_agreement_and_its_signatures(group):
    first, second, third = members(group)
    agreement = services.agreement_for_pairing(pairing=second)
    assert agreement.pairing_id == first.pk  # kept on the first pairing
    sign(agreement, group.mentor)
    sign(agreement, second.mentee)
    seen = rows(group)
    for pairing in (first, second, third):
        pair = seen["pairs"][pairing.mentee.full_name]
        assert pair.agreement_label == "2 of 4 signatures", pairing
        assert pair.frequency == agreement.frequency
    relationships = seen["d"].relationships
    assert (relationships.executed, relationships.one_signature, relationships.unsigned) == (0, 1, 0)  # one agreement
    assert len(action_titles(seen["d"], "unsigned")) == 1  # paired 150 days ago, not executed: the chair should know

    sign(agreement, first.mentee)
    sign(agreement, third.mentee)
    executed = rows(group)
    assert {p.agreement_label for p in executed["pairs"].values()} == {"Signed by everyone"}
    relationships = executed["d"].relationships
    assert (relationships.executed, relationships.one_signature, relationships.unsigned) == (1, 0, 0)
    assert action_titles(executed["d"], "unsigned") == []


def test_a_mentee_who_left_is_not_counted_among_the_signers(group):
    first, _second, third = members(group)
    agreement = services.agreement_for_pairing(pairing=first)
    Pairing.objects.filter(pk=third.pk).update(status=Pairing.Status.ENDED, ended_at=timezone.now())
    sign(agreement, group.mentor)
    assert {p.agreement_label for p in rows(group)["pairs"].values()} == {"1 of 3 signatures"}


def test_a_groups_partly_signed_agreement_is_counted_and_listed_once(client, chair, group):
    """Three members, one agreement: the figures, the chair's list and the pairings CSV say one, not three."""
    first, second, _third = members(group)
    agreement = services.agreement_for_pairing(pairing=first)
    sign(agreement, group.mentor)
    sign(agreement, second.mentee)
    dashboard = program_dashboard(group.program)
    relationships = dashboard.relationships
    assert (relationships.executed, relationships.one_signature, relationships.unsigned) == (0, 1, 0)
    [item] = next(g for g in dashboard.actions if g.key == "unsigned").items
    assert item.title == f"{group.name}: {group.mentor.full_name} and 3 mentees"
    assert item.detail.startswith("The group's agreement: 2 of 4 signatures; paired ")
    assert item.url == reverse("admin:pairings_mentoringgroup_change", args=[group.pk])

    client.force_login(chair)
    html = client.get(reverse("dashboard:program", args=[group.program.slug])).content.decode()
    assert table_rows(html)[("data-figure", "one-signature")][1] == "1"
    assert html.count("2 of 4 signatures; paired") == 1
    response = client.get(reverse("dashboard:pairings_csv", args=[group.program.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["Group"], row["Agreement"]) for row in rows] == [(group.name, "2 of 4 signatures")] * 3
    report = report_html(dashboard)
    assert 'Partly signed (one partner, or part of a group)</td><td class="n">1</td>' in report


def test_a_quiet_group_is_listed_once_not_once_per_member(group):
    """The group fixture logged nothing in 150 days of monthly meetings: quiet, as one group."""
    dashboard = program_dashboard(group.program)
    assert action_titles(dashboard, "quiet") == [f"{group.name}: {group.mentor.full_name} and 3 mentees"]
    [item] = next(g for g in dashboard.actions if g.key == "quiet").items
    assert item.detail.startswith("The group: no check-in since ")
    assert item.url == reverse("admin:pairings_mentoringgroup_change", args=[group.pk])


def test_a_group_with_no_first_check_in_is_listed_once(group):
    started = timezone.localdate() - dt.timedelta(days=40)
    group.pairings.update(started_on=started)
    dashboard = program_dashboard(group.program)
    assert action_titles(dashboard, "first_checkin") == [f"{group.name}: {group.mentor.full_name} and 3 mentees"]
    [item] = next(g for g in dashboard.actions if g.key == "first_checkin").items
    assert item.detail == f"No check-in logged since the group started on {started:%b %-d}."
