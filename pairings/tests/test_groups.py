"""Group mentoring: a mentor's pairings become one group (by the chair or a publish), the group's page is its
members' alone, and a check-in logged there counts for every pairing of the group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Agreement
from applications.factories import MentorApplicationFactory, ProgramFactory
from notifications.models import Notice
from pairings import groups
from pairings.factories import MentoringGroupFactory, PairingFactory
from pairings.jobs import agreement_nudges, checkin_reminders
from pairings.models import CheckIn, MentoringGroup, Pairing, PairingEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:pairings_pairing_changelist")


@pytest.fixture
def group_program(association):
    return ProgramFactory(name="Chapter Mentoring", slug="chapter", host=association, allows_groups=True)


def mentees_of(program, mentor_application=None, *, n: int = 3, days_ago: int = 0) -> list[Pairing]:
    mentor_application = mentor_application or MentorApplicationFactory(program=program, approved=True)
    created = timezone.now() - dt.timedelta(days=days_ago)
    return [
        PairingFactory(program=program, mentor_application=mentor_application, created_at=created) for _ in range(n)
    ]


def checkin(**overrides) -> dict[str, str]:
    return {"date": timezone.localdate().isoformat(), "form": "video", "minutes": "60", "note": "Budget season"} | (
        overrides
    )


class TestFormingAGroup:
    def test_the_chairs_action_groups_a_mentors_pairings_and_records_it_on_each(self, client, chair, group_program):
        pairings = mentees_of(group_program)
        client.force_login(chair)
        response = client.post(
            CHANGELIST, {"action": "mentor_as_group", "_selected_action": [p.pk for p in pairings]}, follow=True
        )
        group = MentoringGroup.objects.get()
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            f"{group.name} formed: 3 pairings, one agreement to sign."
        ]
        assert set(group.pairings.all()) == set(pairings)
        assert (group.mentor, group.program, group.created_by) == (pairings[0].mentor, group_program, chair)
        assert PairingEvent.objects.filter(kind=PairingEvent.Kind.GROUPED).count() == 3

    def test_the_mentor_and_each_mentee_are_emailed_once_even_on_a_double_click(
        self, client, chair, group_program, mailoutbox, django_capture_on_commit_callbacks
    ):
        pairings = mentees_of(group_program, n=2)
        client.force_login(chair)
        form = {"action": "mentor_as_group", "_selected_action": [p.pk for p in pairings]}
        with django_capture_on_commit_callbacks(execute=True):
            client.post(CHANGELIST, form)
            response = client.post(CHANGELIST, form, follow=True)  # the second click: refused, nothing sent
        assert "No group was formed" in str(list(get_messages(response.wsgi_request))[-1])
        group = MentoringGroup.objects.get()
        mentor, *mentees = group.mentor, *(p.mentee for p in pairings)
        notices = Notice.objects.filter(kind="group_formed")
        assert sorted(notices.values_list("key", flat=True)) == sorted(
            f"group_formed:group:{group.pk}:user:{person.pk}" for person in (mentor, *mentees)
        )
        assert sorted(m.to[0] for m in mailoutbox) == sorted(person.email for person in (mentor, *mentees))
        body = mailoutbox[0].body
        assert group.name in mailoutbox[0].subject
        assert f"{mentor.full_name} mentors {mentees[0].full_name}, {mentees[1].full_name} together" in body
        assert f"{group.get_absolute_url()}" in body
        assert "One Statement of Mutual Understanding for the whole group" in body

    @pytest.mark.parametrize(
        ("arrange", "message"),
        [
            ("program_without_groups", "does not allow group mentoring"),
            ("two_mentors", "A group has one mentor: these pairings have different mentors."),
            ("one_ended", "Only active pairings can form a group"),
            ("already_grouped", "is already in the group"),
            ("alone", "A group needs at least two pairings with the same mentor."),
            ("signed", "already signed their own agreement"),
        ],
    )
    def test_the_rules_refuse_with_a_message_naming_the_rule_and_change_nothing(
        self, client, chair, group_program, arrange, message
    ):
        pairings = mentees_of(group_program, n=2)
        if arrange == "program_without_groups":
            group_program.allows_groups = False
            group_program.save()
        elif arrange == "two_mentors":
            pairings += mentees_of(group_program, n=1)
        elif arrange == "one_ended":
            Pairing.objects.filter(pk=pairings[1].pk).update(status=Pairing.Status.ENDED)
        elif arrange == "already_grouped":
            groups.group_form(pairings=pairings, actor=chair)
            pairings += mentees_of(group_program, pairings[0].mentor_application, n=1)
        elif arrange == "alone":
            pairings = pairings[:1]
        elif arrange == "signed":
            agreement = agreement_services.agreement_for_pairing(pairing=pairings[0])
            agreement_services.agreement_sign(
                agreement=agreement,
                signer=pairings[0].mentee,
                typed_name=pairings[0].mentee.full_name,
                consent=True,
                ip=None,
                user_agent="t",
            )
        groups_before = MentoringGroup.objects.count()
        client.force_login(chair)
        response = client.post(
            CHANGELIST, {"action": "mentor_as_group", "_selected_action": [p.pk for p in pairings]}, follow=True
        )
        (shown,) = [str(m) for m in get_messages(response.wsgi_request)]
        assert shown.startswith("No group was formed: ") and message in shown
        assert MentoringGroup.objects.count() == groups_before

    def test_unsigned_drafts_the_pairs_started_are_folded_into_the_groups_one_agreement(self, chair, group_program):
        pairings = mentees_of(group_program, n=2)
        draft = agreement_services.agreement_for_pairing(pairing=pairings[0])
        agreement_services.agreement_update(
            agreement=draft, actor=pairings[0].mentor, changes={"mentor_time": "Two hours"}
        )
        group = groups.group_form(pairings=pairings, actor=chair)
        assert not Agreement.objects.filter(pk=draft.pk).exists()
        for pairing in pairings:
            pairing.refresh_from_db()
            assert agreement_services.agreement_for_pairing(pairing=pairing).group == group
        assert Agreement.objects.count() == 1

    def test_only_a_chair_of_the_program_forms_a_group(self, group_program, mentor):
        with pytest.raises(PermissionDenied):
            groups.group_form(pairings=mentees_of(group_program, n=2), actor=mentor)
        assert not MentoringGroup.objects.exists()


class TestTheGroupPage:
    def test_the_mentor_and_each_mentee_read_it_with_every_member(self, client):
        group = MentoringGroupFactory(members=3)
        members = list(group.pairings.select_related("mentee"))
        for person in (group.mentor, members[1].mentee):
            client.force_login(person)
            page = client.get(group.get_absolute_url()).content.decode()
            assert group.name in page
            assert all(m.mentee.full_name in page for m in members)
            assert "Log a group check-in" in page

    def test_anyone_else_gets_404_a_member_of_another_group_and_the_chair_included(self, client, chair, outsider):
        group, other = MentoringGroupFactory(), MentoringGroupFactory()
        stranger = other.pairings.first().mentee
        for person in (outsider, stranger, other.mentor, chair):
            client.force_login(person)
            assert client.get(group.get_absolute_url()).status_code == 404
            post = client.post(reverse("pairings:group_checkin", args=[group.pk]), checkin())
            assert post.status_code == 404
        assert not CheckIn.objects.exists()
        client.logout()
        assert client.get(group.get_absolute_url()).status_code == 302

    def test_each_members_pairing_page_and_list_link_to_the_group(self, client):
        group = MentoringGroupFactory()
        pairing = group.pairings.first()
        client.force_login(pairing.mentee)
        assert group.get_absolute_url() in client.get(pairing.get_absolute_url()).content.decode()
        assert group.get_absolute_url() in client.get(reverse("pairings:mine")).content.decode()


class TestSharedCheckIns:
    def test_a_check_in_logged_on_the_group_page_is_seen_by_every_member(self, client):
        group = MentoringGroupFactory(members=3)
        first, second, third = group.pairings.select_related("mentee").order_by("pk")
        client.force_login(second.mentee)
        response = client.post(reverse("pairings:group_checkin", args=[group.pk]), checkin(note="Chapter panel"))
        assert response.status_code == 302
        logged = CheckIn.objects.get()
        assert (logged.group, logged.pairing, logged.logged_by) == (group, second, second.mentee)
        for person, pairing in ((group.mentor, first), (third.mentee, third)):
            client.force_login(person)
            assert "Chapter panel" in client.get(group.get_absolute_url()).content.decode()
            assert "Chapter panel" in client.get(pairing.get_absolute_url()).content.decode()
        assert list(groups.checkins_of(third)) == [logged]

    def test_a_refused_check_in_keeps_what_was_typed(self, client):
        group = MentoringGroupFactory()
        client.force_login(group.mentor)
        future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
        response = client.post(
            reverse("pairings:group_checkin", args=[group.pk]), checkin(date=future, note="Kept words")
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "A check-in cannot be in the future." in page and "Kept words" in page
        assert not CheckIn.objects.exists()

    def test_the_reminder_does_not_nag_a_group_that_checked_in_together(self, group_program, chair):
        pairings = mentees_of(group_program, n=3, days_ago=45)  # a monthly check-in is overdue
        group = groups.group_form(pairings=pairings, actor=chair)
        alone = mentees_of(group_program, n=1, days_ago=45)[0]
        now = timezone.now()
        groups.group_checkin_log(
            group=group, actor=pairings[2].mentee, date=timezone.localdate(), form="video", minutes=60
        )
        checkin_reminders(now)
        reminded = set(Notice.objects.filter(kind__startswith="checkin_").values_list("user_id", flat=True))
        assert reminded == {alone.mentor_id, alone.mentee_id}

    def test_an_overdue_group_reminds_its_mentor_once_and_each_mentee(self, group_program, chair):
        pairings = mentees_of(group_program, n=3, days_ago=45)
        groups.group_form(pairings=pairings, actor=chair)
        checkin_reminders(timezone.now())
        notices = Notice.objects.filter(kind="checkin_overdue")
        assert sorted(notices.values_list("user_id", flat=True)) == sorted(
            [pairings[0].mentor_id, *(p.mentee_id for p in pairings)]
        )

    def test_the_unsigned_nudge_reads_the_groups_agreement(self, group_program, chair):
        pairings = mentees_of(group_program, n=2, days_ago=20)
        group = groups.group_form(pairings=pairings, actor=chair)
        pairings[1].refresh_from_db()
        agreement = agreement_services.agreement_for_pairing(pairing=pairings[1])
        assert agreement.group == group
        for person in (group.mentor, pairings[1].mentee):
            agreement_services.agreement_sign(
                agreement=agreement, signer=person, typed_name=person.full_name, consent=True, ip=None, user_agent="t"
            )
        agreement_nudges(timezone.now())
        nudged = set(Notice.objects.filter(kind="agreement_unsigned").values_list("user_id", flat=True))
        assert nudged == {pairings[0].mentee_id}
