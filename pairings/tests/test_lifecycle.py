"""The relationship's life: active from publication, ended by either partner (no fault), completed at term end."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements import services as agreement_services
from agreements.tests import conftest as agreement_fixtures
from pairings import services
from pairings.models import Pairing, PairingEvent, RematchRequest, ThankYouNote

# The agreement's fixtures, for the pages where the relationship and its agreement meet.
agreement, executed, sign = agreement_fixtures.agreement, agreement_fixtures.executed, agreement_fixtures.sign

pytestmark = pytest.mark.django_db


def end_url(pairing) -> str:
    return reverse("pairings:end", args=[pairing.pk])


class TestEnding:
    @pytest.mark.parametrize(
        ("persona", "partner_email"), [("mentor", "mentee@example.org"), ("mentee", "mentor@example.org")]
    )
    def test_either_partner_ends_it_and_the_partner_and_chair_are_told(
        self, committing_client, request, pairing, mailoutbox, persona, partner_email
    ):
        person = request.getfixturevalue(persona)
        committing_client.force_login(person)
        mailoutbox.clear()
        response = committing_client.post(
            end_url(pairing), {"reason": "Our schedules no longer fit.", "thanks": "Thank you for every call!"}
        )
        assert response.status_code == 302
        pairing.refresh_from_db()
        assert pairing.status == Pairing.Status.ENDED
        assert pairing.ended_by == person
        assert pairing.ended_at is not None
        assert pairing.end_reason == "Our schedules no longer fit."
        to_partner, to_chair = mailoutbox
        assert to_partner.to == [partner_email]
        assert "Thank you for every call!" in to_partner.body
        assert "schedules" not in to_partner.body + to_partner.alternatives[0][0]  # the reason is the chair's alone
        assert to_chair.to == ["chair@example.org"]
        assert "Our schedules no longer fit." in to_chair.body
        assert ThankYouNote.objects.get().author == person

    def test_the_history_shows_who_ended_it_and_when(self, client, mentor, mentee, pairing):
        services.pairing_end(pairing=pairing, actor=mentor)
        client.force_login(mentee)
        content = client.get(pairing.get_absolute_url()).content.decode()
        assert "Ended (no fault) by Morgan Mentor" in content
        assert "Paired" in content
        assert "It can be read but no longer changed" in content
        assert 'href="' + end_url(pairing) not in content

    def test_an_ended_pairings_agreement_is_read_only(self, client, mentor, mentee, agreement):
        services.pairing_end(pairing=agreement.pairing, actor=mentee)
        with pytest.raises(agreement_services.AgreementError, match="has ended"):
            agreement_services.agreement_update(agreement=agreement, actor=mentor, changes={"duration": "Two years"})
        with pytest.raises(agreement_services.AgreementError):
            sign(agreement, mentor)
        client.force_login(mentor)
        content = client.get(reverse("agreements:agreement", args=[agreement.pairing_id])).content.decode()
        assert "Save the agreement" not in content
        assert "can no longer change" in content

    def test_ending_twice_is_refused(self, committing_client, mentor, mentee, pairing, mailoutbox):
        services.pairing_end(pairing=pairing, actor=mentor)
        with pytest.raises(services.PairingError, match="already ended"):
            services.pairing_end(pairing=pairing, actor=mentee)
        committing_client.force_login(mentee)
        assert committing_client.post(end_url(pairing), {}).status_code == 302
        assert pairing.events.filter(kind=PairingEvent.Kind.ENDED).count() == 1

    def test_the_end_page_prompts_a_thank_you_and_says_the_reason_is_private(self, client, mentee, pairing):
        client.force_login(mentee)
        content = client.get(end_url(pairing)).content.decode()
        assert "A note of thanks to your partner" in content
        assert "private to the chair" in content
        assert "no-fault conclusion" in content

    def test_the_partner_sees_the_note_of_thanks(self, client, mentor, mentee, pairing):
        services.pairing_end(pairing=pairing, actor=mentee, thanks="You changed how I see budgets.")
        client.force_login(mentor)
        assert "You changed how I see budgets." in client.get(pairing.get_absolute_url()).content.decode()


class TestCompletion:
    def test_pairings_past_their_term_complete_once(self, pairing, mailoutbox, django_capture_on_commit_callbacks):
        day_after = pairing.ends_on + dt.timedelta(days=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.complete_pairings(today=pairing.ends_on) == 0  # the last day is still in the term
            assert services.complete_pairings(today=day_after) == 1
            assert services.complete_pairings(today=day_after) == 0
        pairing.refresh_from_db()
        assert pairing.status == Pairing.Status.COMPLETED
        assert pairing.events.filter(kind=PairingEvent.Kind.COMPLETED).count() == 1
        thanks = [m for m in mailoutbox if "complete" in m.subject]
        assert sorted(m.to[0] for m in thanks) == ["mentee@example.org", "mentor@example.org"]
        assert "how it went" in thanks[0].body

    def test_the_command_completes_them_and_running_it_twice_adds_nothing(self, pairing, capsys):
        day_after = (pairing.ends_on + dt.timedelta(days=1)).isoformat()
        call_command("complete_pairings", today=day_after)
        call_command("complete_pairings", "--today", day_after)
        assert capsys.readouterr().out.splitlines() == ["1 pairing(s) completed.", "0 pairing(s) completed."]
        assert pairing.events.filter(kind=PairingEvent.Kind.COMPLETED).count() == 1

    def test_an_ended_pairing_is_not_completed(self, mentor, pairing):
        services.pairing_end(pairing=pairing, actor=mentor)
        assert services.complete_pairings(today=pairing.ends_on + dt.timedelta(days=1)) == 0
        pairing.refresh_from_db()
        assert pairing.status == Pairing.Status.ENDED

    def test_a_completed_pairing_cannot_be_ended(self, mentor, pairing):
        services.complete_pairings(today=pairing.ends_on + dt.timedelta(days=1))
        with pytest.raises(services.PairingError):
            services.pairing_end(pairing=pairing, actor=mentor)


class TestNewMatch:
    def test_the_mentee_of_an_ended_pairing_asks_and_the_chair_is_told_once(
        self, committing_client, mentor, mentee, pairing, mailoutbox
    ):
        services.pairing_end(pairing=pairing, actor=mentor)
        committing_client.force_login(mentee)
        page = committing_client.get(pairing.get_absolute_url()).content.decode()
        assert "Ask for a new match" in page
        mailoutbox.clear()
        url = reverse("pairings:rematch", args=[pairing.pk])
        committing_client.post(url, {"reason": "Someone closer to Sacramento, please."})
        committing_client.post(url, {"reason": "Again"})
        request = RematchRequest.objects.get()
        assert (request.mentee, request.program, request.reason) == (
            mentee,
            pairing.program,
            "Someone closer to Sacramento, please.",
        )
        assert [m.to for m in mailoutbox] == [["chair@example.org"]]
        assert "Sacramento" in mailoutbox[0].body
        page = committing_client.get(pairing.get_absolute_url()).content.decode()
        assert "You asked the chair for a new match" in page

    def test_not_while_the_pairing_is_active(self, mentee, pairing):
        with pytest.raises(services.PairingError):
            services.rematch_request(pairing=pairing, mentee=mentee)


class TestThePairsPage:
    def test_it_shows_the_partners_contact_details_the_resume_link_and_the_history(self, client, mentee, pairing):
        pairing.mentor_application.resume.save("cv.pdf", io.BytesIO(b"%PDF-1.4"))
        client.force_login(mentee)
        content = client.get(pairing.get_absolute_url()).content.decode()
        assert "Morgan Mentor, your mentor" in content
        assert "mentor@example.org" in content and "555-0101" in content and "City of Harbor Bend" in content
        assert reverse("applications:resume", args=[pairing.mentor_application_id]) in content
        assert "Fill in and sign the agreement" in content
        assert "End the relationship" in content
        assert "Paired" in content

    def test_signing_and_execution_appear_in_the_history(self, client, mentee, executed):
        client.force_login(mentee)
        content = client.get(executed.pairing.get_absolute_url()).content.decode()
        assert "Agreement signed by Morgan Mentor" in content
        assert "Agreement signed by Avery Mentee" in content
        assert "Agreement executed" in content
        assert "Download the signed PDF" in content
