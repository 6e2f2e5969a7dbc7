"""A mentoring group's one agreement: every member signs it, it executes when the last one does, an edit voids
every signature, and the archival PDF names and records every signer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Signature
from agreements.tests.conftest import BROWSER, sign, tell_news
from agreements.tests.test_pdf import pdf_text, stored_bytes
from notifications.models import Notice
from pairings.factories import MentoringGroupFactory
from pairings.models import MentoringGroup, Pairing, PairingEvent
from pairings.services import pairing_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> MentoringGroup:
    return MentoringGroupFactory(members=3, name="Cal State Long Beach MPA", program__name="Chapter Mentoring")


def members(group: MentoringGroup) -> list[Pairing]:
    return list(group.pairings.select_related("program", "mentor", "mentee").order_by("pk"))


@pytest.fixture
def agreement(group) -> Agreement:
    return services.agreement_for_pairing(pairing=members(group)[1])


def everyone(group: MentoringGroup) -> list:
    return [group.mentor, *(p.mentee for p in members(group))]


class TestOneAgreement:
    def test_every_members_pairing_reads_the_same_group_agreement(self, client, group, agreement):
        assert agreement.group == group
        for pairing in members(group):
            assert services.agreement_for_pairing(pairing=pairing).pk == agreement.pk
            client.force_login(pairing.mentee)
            page = client.get(reverse("agreements:agreement", args=[pairing.pk])).content.decode()
            assert "Cal State Long Beach MPA" in page
            assert all(p.mentee.full_name in page for p in members(group))
            assert (
                reverse("agreements:agreement", args=[pairing.pk])
                in client.get(pairing.get_absolute_url()).content.decode()
            )
        assert Agreement.objects.count() == 1

    @pytest.mark.parametrize("size", [3, 12])
    def test_every_members_page_reads_the_same_nine_queries_however_large_the_group(self, client, size):
        """The user; the reader's pairing; the agreement with the first pairing's program, host and partners; the
        signatures; the members (for the content, then the parties); the host's guidelines; the navigation's two."""
        group = MentoringGroupFactory(members=size, name="Cal State Long Beach MPA")
        sign(services.agreement_for_pairing(pairing=members(group)[0]), group.mentor)
        for pairing, reader in [(members(group)[0], group.mentor), *((p, p.mentee) for p in members(group)[:3])]:
            client.force_login(reader)
            url = reverse("agreements:agreement", args=[pairing.pk])
            client.get(url)  # prepares the page's queries on this connection
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert len(queries) == 9, [q["sql"][:120] for q in queries]

    def test_it_executes_only_when_the_mentor_and_every_mentee_have_signed(
        self, group, agreement, django_capture_on_commit_callbacks, mailoutbox
    ):
        *first, last = everyone(group)
        for person in first:
            sign(agreement, person)
            agreement.refresh_from_db()
            assert not agreement.is_executed
        with pytest.raises(services.AgreementError, match="Every member of the group must sign"):
            services.agreement_execute(agreement=agreement)
        with django_capture_on_commit_callbacks(execute=True):
            sign(agreement, last)
        agreement.refresh_from_db()
        assert agreement.is_executed
        assert agreement.signatures.valid().count() == 4
        assert PairingEvent.objects.filter(kind=PairingEvent.Kind.EXECUTED).count() == 3  # on each member's history
        executed = [m for m in mailoutbox if "executed" in m.subject]
        assert sorted(m.to[0] for m in executed) == sorted(
            [*(p.email for p in everyone(group)), group.program.chair_email]
        )
        for message in executed:
            assert message.subject.endswith("executed Statement of Mutual Understanding, Cal State Long Beach MPA")
            assert "Dear members of Cal State Long Beach MPA," in message.body
            assert all(person.full_name in message.body for person in everyone(group))
            assert message.attachments[0][2] == "application/pdf"

    def test_each_signature_tells_only_those_still_to_sign(self, group, agreement):
        mentor, a, b, c = everyone(group)
        sign(agreement, a)
        sign(agreement, mentor)
        assert tell_news() == 3  # the notes a's signature opened (mentor, b, c), the mentor's joined b's and c's
        told = Notice.objects.filter(kind="agreement_signed")
        # One email each to those still to sign, naming the latest signature; none to those who signed since.
        assert sorted(told.values_list("user_id", flat=True)) == sorted([b.pk, c.pk])
        second = Signature.objects.get(signer=mentor)
        assert {notice.context["signature"]["pk"] for notice in told} == {second.pk}

    def test_someone_outside_the_group_cannot_sign_and_a_member_signs_once(self, group, agreement, outsider):
        with pytest.raises(services.AgreementError, match="Only the group's mentor and mentees"):
            sign(agreement, outsider)
        sign(agreement, group.mentor)
        with pytest.raises(services.AgreementError, match="already signed"):
            sign(agreement, group.mentor)

    def test_an_edit_voids_every_signature_and_tells_every_other_member(self, group, agreement):
        mentor, a, b, c = everyone(group)
        for person in (mentor, a, b):
            sign(agreement, person)
        services.agreement_update(agreement=agreement, actor=c, changes={"mentor_time": "An evening a month"})
        assert agreement.signatures.valid().count() == 0
        assert agreement.signatures.count() == 3
        tell_news()
        voided = Notice.objects.filter(kind="agreement_signatures_voided")
        assert sorted(voided.values_list("user_id", flat=True)) == sorted([mentor.pk, a.pk, b.pk])
        # The signatures' own news (your turn) was overtaken by the edit: one email each, the latest state.
        assert not Notice.objects.filter(kind="agreement_signed").exists()

    def test_a_mentee_who_left_the_group_no_longer_signs(self, group, agreement):
        mentor, a, b, c = everyone(group)
        Pairing.objects.filter(group=group, mentee=c).update(status=Pairing.Status.ENDED)
        for person in (mentor, a, b):
            sign(agreement, person)
        agreement.refresh_from_db()
        assert agreement.is_executed
        assert c.full_name not in agreement.signed_content["mentees"]


class TestAMenteeLeaving:
    def test_when_every_remaining_member_has_signed_the_agreement_executes_as_they_leave(
        self, group, agreement, django_capture_on_commit_callbacks, mailoutbox
    ):
        mentor, a, b, c = everyone(group)
        for person in (mentor, a, b):
            sign(agreement, person)
        signed_before = set(agreement.signatures.valid().values_list("content_sha256", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            pairing_end(pairing=members(group)[2], actor=c, reason="Moved away")
        agreement.refresh_from_db()
        assert agreement.is_executed
        assert agreement.signed_content["mentees"] == [a.full_name, b.full_name]
        # Each signature keeps what its signer signed; the three of them are all that is needed.
        assert set(agreement.signatures.valid().values_list("content_sha256", flat=True)) == signed_before
        executed = PairingEvent.objects.filter(kind=PairingEvent.Kind.EXECUTED)
        assert executed.count() == 2  # on the two remaining mentees' pairings
        assert {e.note for e in executed} == {f"When {c.full_name} left, every remaining member had signed"}
        told = sorted(m.to[0] for m in mailoutbox if "executed" in m.subject)
        assert told == sorted([mentor.email, a.email, b.email, group.program.chair_email])

    @pytest.mark.parametrize("signers", [("mentor", "a"), ("mentor", "a", "c")])
    def test_it_waits_while_a_remaining_member_has_not_signed(self, group, agreement, signers):
        people = dict(zip(("mentor", "a", "b", "c"), everyone(group), strict=True))
        for name in signers:
            sign(agreement, people[name])
        pairing_end(pairing=members(group)[2], actor=people["c"])
        agreement.refresh_from_db()
        assert not agreement.is_executed


def test_the_chair_reads_the_groups_agreement_in_the_admin_with_its_signatures_counted(client, chair, group, agreement):
    sign(agreement, group.mentor)
    client.force_login(chair)
    page = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "Cal State Long Beach MPA" in page
    assert "1 of 4" in page


class TestThePdf:
    def test_the_pdf_names_the_group_and_records_every_signer(
        self, group, agreement, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for person in everyone(group):
                services.agreement_sign(
                    agreement=agreement,
                    signer=person,
                    typed_name=person.full_name,
                    consent=True,
                    ip="198.51.100.9",
                    user_agent=BROWSER,
                )
        agreement.refresh_from_db()
        text = pdf_text(stored_bytes(agreement))
        assert "Group Mentoring: Cal State Long Beach MPA" in text
        for person in everyone(group):
            assert text.count(person.full_name) >= 3, person.full_name  # parties, signature line, record
        assert text.count("198.51.100.9") == 4
        assert agreement.content_sha256 in text
