"""Filling the Statement of Mutual Understanding together: prefill, edits by either partner, guidance beside it."""

from unittest.mock import ANY

import pytest
from django.urls import reverse

from agreements import services, wording
from agreements.models import Agreement, ProgramGuidance
from agreements.tests.conftest import form_data
from pairings.models import PairingEvent

pytestmark = pytest.mark.django_db


def agreement_url(pairing) -> str:
    return reverse("agreements:agreement", args=[pairing.pk])


class TestPrefill:
    def test_duration_comes_from_the_programs_term(self, program, pairing):
        program.term_description = "An initial term of 3 to 6 months"
        program.save()
        pairing.program.refresh_from_db()
        assert services.agreement_for_pairing(pairing=pairing).duration == "An initial term of 3 to 6 months"

    def test_frequency_is_the_mentees_and_contact_forms_those_both_accept(self, agreement):
        assert agreement.frequency == "every_other_month"
        assert agreement.contact_forms == ["video"]
        assert agreement.version == 1

    def test_frequency_falls_back_to_the_mentors_and_forms_to_either_partners(self, pairing):
        pairing.mentee_application.frequency = ""
        pairing.mentee_application.contact_forms = ["phone"]
        pairing.mentee_application.save()
        agreement = services.agreement_for_pairing(pairing=pairing)
        assert agreement.frequency == "monthly"
        assert agreement.contact_forms == ["in_person", "phone", "video"]

    def test_opening_it_twice_creates_one_agreement(self, pairing):
        first = services.agreement_for_pairing(pairing=pairing)
        assert services.agreement_for_pairing(pairing=pairing).pk == first.pk
        assert Agreement.objects.count() == 1

    def test_the_page_shows_the_prefilled_form_and_the_fixed_clauses(self, client, mentee, pairing):
        client.force_login(mentee)
        content = client.get(agreement_url(pairing)).content.decode()
        assert 'value="One year"' in content
        assert wording.FIXED_CLAUSES[0] in content
        assert "The Mentor is not responsible for how the mentee uses any advice" in content
        for label in ("Confidentiality", "Requested roles of the mentor", "Observe and give feedback"):
            assert label in content


class TestGuidance:
    def test_the_seven_steps_and_good_coaches_and_proteges_are_beside_the_form(self, client, mentor, pairing):
        client.force_login(mentor)
        content = client.get(agreement_url(pairing)).content.decode()
        assert "How to create a great coaching relationship" in content
        for step in ("Uncover the real issues.", "Hold a big vision for them.", "Build a &quot;dream team.&quot;"):
            assert step in content
        assert "Good coaches" in content and "Good protégés" in content
        default = ProgramGuidance(program=pairing.program)  # shown, not saved: reading writes nothing
        assert default.step_list()[0][0] == 'Ask "What are your hopes?"'
        assert len(default.step_list()) == 7
        assert not ProgramGuidance.objects.exists()

    def test_the_chairs_edit_of_the_guidance_is_what_the_pair_reads(self, client, mentor, pairing):
        ProgramGuidance.objects.create(
            program=pairing.program, steps="Listen first.\nThen listen again.", good_coaches="Ask\nWait"
        )
        client.force_login(mentor)
        content = client.get(agreement_url(pairing)).content.decode()
        assert "<strong>Listen first.</strong> Then listen again." in content
        assert "Uncover the real issues." not in content


class TestEditing:
    @pytest.mark.parametrize("persona", ["mentor", "mentee"])
    def test_either_partner_saves_an_edit(self, committing_client, request, agreement, persona):
        person = request.getfixturevalue(persona)
        committing_client.force_login(person)
        response = committing_client.post(
            agreement_url(agreement.pairing),
            form_data(
                agreement,
                confidentiality="Nothing leaves the room.\r\nUnless we both agree.",
                roles=["guide", "model"],
                mentor_time="2 hours a month",
            ),
        )
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.confidentiality == "Nothing leaves the room.\nUnless we both agree."
        assert agreement.roles == ["model", "guide"]
        assert agreement.mentor_time == "2 hours a month"
        assert agreement.version == 2
        assert agreement.updated_by == person
        event = agreement.pairing.events.get(kind=PairingEvent.Kind.AGREEMENT_EDITED)
        assert event.actor == person

    def test_saving_unchanged_content_is_no_new_version(self, committing_client, mentor, agreement):
        committing_client.force_login(mentor)
        committing_client.post(agreement_url(agreement.pairing), form_data(agreement))
        agreement.refresh_from_db()
        assert agreement.version == 1
        assert not agreement.pairing.events.filter(kind=PairingEvent.Kind.AGREEMENT_EDITED).exists()

    def test_an_invalid_edit_keeps_what_was_typed(self, committing_client, mentor, agreement):
        committing_client.force_login(mentor)
        response = committing_client.post(
            agreement_url(agreement.pairing),
            form_data(agreement, duration="", additional_points="We meet on Tuesdays.", contact_forms=[]),
        )
        assert response.status_code == 400
        content = response.content.decode()
        assert "We meet on Tuesdays." in content
        assert "This field is required." in content
        agreement.refresh_from_db()
        assert agreement.duration == "One year"

    def test_an_edit_over_a_partners_newer_version_is_held_back_and_kept(
        self, committing_client, mentor, mentee, agreement
    ):
        services.agreement_update(agreement=agreement, actor=mentee, changes={"mentor_time": "1 hour a month"})
        committing_client.force_login(mentor)
        url = agreement_url(agreement.pairing)
        response = committing_client.post(url, form_data(agreement, version=1, additional_points="Mine"))
        assert response.status_code == 409
        content = response.content.decode()
        assert "Avery Mentee saved version 2 while you were editing" in content
        assert "Nothing was saved or signed." in content
        assert "Mine" in content
        # Sent without the page's fingerprints (an old page): every differing item counts as changed by both, so the
        # person's text is kept and the partner's shown under it.
        assert "Version 2, as Avery saved it: 1 hour a month" in content
        assert response.context["form"].errors == {"__all__": [ANY]}
        agreement.refresh_from_db()
        assert (agreement.mentor_time, agreement.additional_points) == ("1 hour a month", "")
        # Saving again, on purpose, replaces the partner's version.
        committing_client.post(url, form_data(agreement, version=2, additional_points="Mine"))
        agreement.refresh_from_db()
        assert (agreement.additional_points, agreement.version) == ("Mine", 3)

    def test_both_editing_at_once_takes_in_the_partners_change_and_keeps_ones_own(
        self, committing_client, mentor, mentee, agreement
    ):
        committing_client.force_login(mentor)
        url = agreement_url(agreement.pairing)
        opened = committing_client.get(url).context["form"]  # the mentor opens version 1...
        services.agreement_update(agreement=agreement, actor=mentee, changes={"mentor_time": "1 hour a month"})
        typed = form_data(agreement, base=opened["base"].value(), additional_points="Mine")  # ...and adds a point
        response = committing_client.post(url, typed)
        assert response.status_code == 409
        content = response.content.decode()
        assert (
            "Avery Mentee saved version 2 while you were editing: Avery changed Approximate amount of time to be "
            "invested by the mentor. Nothing was saved or signed. Their changes are now in the form below, with yours."
        ) in content
        form = response.context["form"]
        assert (form["mentor_time"].value(), form["additional_points"].value()) == ("1 hour a month", "Mine")
        assert form["version"].value() == "2"
        # Saving the form as it came back keeps both changes.
        again = {name: form[name].value() for name in form.fields}
        assert committing_client.post(url, again).status_code == 302
        agreement.refresh_from_db()
        assert (agreement.version, agreement.mentor_time, agreement.additional_points) == (3, "1 hour a month", "Mine")

    def test_unknown_items_are_refused_by_the_service(self, mentor, agreement):
        with pytest.raises(ValueError, match="version"):
            services.agreement_update(agreement=agreement, actor=mentor, changes={"version": 99})


@pytest.mark.parametrize("persona", ["mentor", "chair"])
def test_opening_an_agreement_page_writes_nothing(client, request, pairing, persona):
    """Reading is a GET: it shows the prefilled agreement and the program's guidance without creating either."""
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("agreements:agreement", args=[pairing.pk]))
    assert response.status_code == 200
    assert pairing.mentee.full_name in response.content.decode()
    assert not Agreement.objects.filter(pairing=pairing).exists()
    assert not ProgramGuidance.objects.filter(program=pairing.program).exists()


def test_the_first_save_starts_the_agreement_the_page_showed(client, pairing, mentor):
    client.force_login(mentor)
    form = client.get(reverse("agreements:agreement", args=[pairing.pk])).context["form"]
    posted = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    posted["additional_points"] = "We meet after the council meeting."
    response = client.post(reverse("agreements:agreement", args=[pairing.pk]), posted)
    assert response.status_code == 302
    assert Agreement.objects.get(pairing=pairing).additional_points == "We meet after the council meeting."
