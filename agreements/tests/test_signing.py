"""Signing online: the typed name, consent, the record kept, voiding by an edit, and the freeze once both sign."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.content import agreement_sha256, names_match
from agreements.models import Signature
from agreements.tests.conftest import BROWSER, form_data, sign, tell_news
from pairings.models import PairingEvent

pytestmark = pytest.mark.django_db


def sign_url(pairing) -> str:
    return reverse("agreements:sign", args=[pairing.pk])


def agreement_url(pairing) -> str:
    return reverse("agreements:agreement", args=[pairing.pk])


def post_signature(client, agreement, typed_name: str, **extra):
    """Press Sign on the one form: the agreement's items as shown (changed by `extra`), the name, the consent."""
    headers = {name: extra.pop(name) for name in list(extra) if name.startswith("HTTP_")}
    data = form_data(agreement, **{"typed_name": typed_name, "consent": "on", **extra})
    return client.post(sign_url(agreement.pairing), data, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9", **headers)


@pytest.mark.parametrize(
    ("typed", "full_name", "expected"),
    [
        ("Avery Mentee", "Avery Mentee", True),
        ("  avery   MENTEE ", "Avery Mentee", True),
        ("Avery\tMentee", "Avery  Mentee", True),
        ("Avery Mentor", "Avery Mentee", False),
        ("AveryMentee", "Avery Mentee", False),
        ("", "", False),
    ],
)
def test_names_match_ignoring_case_and_spacing_only(typed, full_name, expected):
    assert names_match(typed, full_name) is expected


class TestSigning:
    def test_a_name_that_does_not_match_is_refused_on_the_field_and_nothing_is_lost(
        self, committing_client, mentee, agreement
    ):
        committing_client.force_login(mentee)
        response = post_signature(committing_client, agreement, "Avery Menteee")
        assert response.status_code == 400
        content = response.content.decode()
        assert "does not match the name on your profile" in content
        assert 'value="Avery Menteee"' in content
        assert "checked" in content  # the consent box stays ticked
        assert not Signature.objects.exists()

    def test_consent_is_required(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        response = post_signature(committing_client, agreement, "Avery Mentee", consent="")
        assert response.status_code == 400
        assert not Signature.objects.exists()

    def test_the_name_matches_whatever_the_case_and_spaces(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        response = post_signature(committing_client, agreement, "  avery   MENTEE ")
        assert response.status_code == 302
        assert Signature.objects.get().typed_name == "avery MENTEE"

    def test_a_signature_records_who_what_when_and_from_where(
        self, committing_client, mentee, agreement, mailoutbox, django_capture_on_commit_callbacks
    ):
        committing_client.force_login(mentee)
        post_signature(committing_client, agreement, "Avery Mentee")
        assert mailoutbox == []  # the partner is told once the agreement has been quiet a while
        with django_capture_on_commit_callbacks(execute=True):
            tell_news()
        signature = Signature.objects.get()
        assert signature.signer == mentee
        assert signature.role == Signature.Role.MENTEE
        assert signature.ip == "203.0.113.9"
        assert signature.user_agent == BROWSER
        assert signature.content_sha256 == agreement_sha256(agreement)
        assert len(signature.content_sha256) == 64
        assert signature.agreement_version == 1
        assert signature.signed_at.utcoffset().total_seconds() == 0
        assert agreement.pairing.events.filter(kind=PairingEvent.Kind.SIGNED, actor=mentee).exists()
        assert [m.to for m in mailoutbox] == [["mentor@example.org"]]  # the partner: your turn
        assert "your turn" in mailoutbox[0].subject

    def test_the_forwarded_for_header_is_not_trusted(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        post_signature(committing_client, agreement, "Avery Mentee", HTTP_X_FORWARDED_FOR="10.9.9.9")
        assert Signature.objects.get().ip == "203.0.113.9"

    def test_signing_a_version_the_partner_has_since_changed_is_refused(
        self, committing_client, mentor, mentee, agreement
    ):
        services.agreement_update(agreement=agreement, actor=mentor, changes={"mentor_time": "3 hours"})
        committing_client.force_login(mentee)
        response = post_signature(committing_client, agreement, "Avery Mentee", version=1, additional_points="Mine")
        assert response.status_code == 409
        content = response.content.decode()
        assert "Morgan Mentor saved version 2 while you were editing" in content
        assert "Nothing was saved or signed." in content
        assert "Version 2, as Morgan saved it: 3 hours" in content  # the partner's change, under its item
        assert "Mine" in content and 'value="Avery Mentee"' in content  # what the mentee typed is all kept
        assert not Signature.objects.exists()
        agreement.refresh_from_db()
        assert (agreement.version, agreement.additional_points) == (2, "")

    def test_sign_saves_what_was_typed_and_signs_that_version(self, committing_client, mentee, agreement):
        """The old page's trap: typing, then Sign without Save, signed the earlier text and dropped the typed one."""
        committing_client.force_login(mentee)
        response = post_signature(committing_client, agreement, "Avery Mentee", additional_points="Tuesdays at 8")
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert (agreement.version, agreement.additional_points) == (2, "Tuesdays at 8")
        signature = Signature.objects.get()
        assert signature.agreement_version == 2
        assert signature.content_sha256 == agreement_sha256(agreement)

    def test_a_refused_signature_saves_nothing_and_keeps_everything_typed(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        response = post_signature(
            committing_client, agreement, "Someone Else", consent="", additional_points="Tuesdays at 8"
        )
        assert response.status_code == 400
        content = response.content.decode()
        assert "2 problems to fix" in content  # the error summary: the name and the consent, each linked
        assert 'href="#sign_typed_name"' in content and 'href="#sign_consent"' in content
        assert "Tuesdays at 8" in content and 'value="Someone Else"' in content
        agreement.refresh_from_db()
        assert agreement.version == 1
        assert not Signature.objects.exists()

    def test_a_double_click_on_sign_signs_once(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        first = post_signature(committing_client, agreement, "Avery Mentee", additional_points="Tuesdays at 8")
        # The second click carries the same page: version 1, the same typed text.
        second = post_signature(committing_client, agreement, "Avery Mentee", additional_points="Tuesdays at 8")
        assert first.status_code == second.status_code == 302
        assert Signature.objects.valid().count() == Signature.objects.count() == 1
        agreement.refresh_from_db()
        assert agreement.version == 2

    def test_save_keeps_what_was_typed_in_the_signature_without_checking_it(self, committing_client, mentee, agreement):
        committing_client.force_login(mentee)
        data = form_data(agreement, duration="", typed_name="Avery", consent="on")
        response = committing_client.post(agreement_url(agreement.pairing), data)
        assert response.status_code == 400
        assert response.context["form"].errors.keys() == {"duration"}  # the signature is not checked on Save
        assert 'value="Avery"' in response.content.decode()

    def test_signing_twice_is_refused(self, mentee, agreement):
        sign(agreement, mentee)
        with pytest.raises(services.AgreementError, match="already signed"):
            sign(agreement, mentee)

    def test_after_signing_the_page_says_so_instead_of_offering_the_form(self, client, mentee, agreement):
        sign(agreement, mentee)
        client.force_login(mentee)
        content = client.get(agreement_url(agreement.pairing)).content.decode()
        assert "You signed this version" in content
        assert 'name="typed_name"' not in content


class TestVoiding:
    def test_an_edit_after_a_signature_voids_it_and_tells_the_partner(
        self, committing_client, mentor, mentee, agreement, mailoutbox, django_capture_on_commit_callbacks
    ):
        sign(agreement, mentor)
        committing_client.force_login(mentee)
        data = {
            "duration": "Six months",
            "frequency": "monthly",
            "contact_forms": ["video"],
            "version": agreement.version,
        }
        committing_client.post(agreement_url(agreement.pairing), data)
        with django_capture_on_commit_callbacks(execute=True):
            tell_news()
        signature = Signature.objects.get()
        assert signature.voided_at is not None
        assert not Signature.objects.valid().exists()
        assert agreement.pairing.events.filter(kind=PairingEvent.Kind.SIGNATURES_VOIDED, actor=mentee).exists()
        voided_mail = mailoutbox[-1]
        assert voided_mail.to == ["mentor@example.org"]
        assert "please sign the new version" in voided_mail.subject
        assert "Mentor Morgan Mentor, version 1" in voided_mail.body

    def test_both_sign_the_new_version_after_an_edit(self, mentor, mentee, agreement):
        sign(agreement, mentor)
        services.agreement_update(agreement=agreement, actor=mentee, changes={"duration": "Six months"})
        sign(agreement, mentee)
        agreement.refresh_from_db()
        assert not agreement.is_executed  # the mentor's signature was of the old text
        sign(agreement, mentor)
        agreement.refresh_from_db()
        assert agreement.is_executed
        assert agreement.signed_content["items"][1] == {
            "label": "Intended duration of the relationship",
            "text": "Six months",
        }

    def test_a_partner_renamed_after_signing_must_sign_again(self, mentor, mentee, agreement):
        sign(agreement, mentor)
        mentor.full_name = "Morgan Mentor-Reyes"
        mentor.save()
        agreement.pairing.mentor.refresh_from_db()
        sign(agreement, mentee)
        agreement.refresh_from_db()
        assert not agreement.is_executed
        assert list(Signature.objects.valid().values_list("role", flat=True)) == ["mentee"]


class TestFrozen:
    def test_both_signatures_execute_the_agreement(self, executed):
        assert executed.is_executed
        assert executed.content_sha256 == agreement_sha256(executed)
        assert executed.signed_content["mentor"] == "Morgan Mentor"
        kinds = list(executed.pairing.events.values_list("kind", flat=True))
        assert kinds == ["created", "signed", "signed", "executed"]

    def test_the_service_refuses_any_edit(self, mentor, executed):
        with pytest.raises(services.AgreementFrozen):
            services.agreement_update(agreement=executed, actor=mentor, changes={"duration": "Two years"})

    def test_the_service_refuses_another_signature(self, mentor, executed):
        with pytest.raises(services.AgreementFrozen):
            sign(executed, mentor)

    def test_the_page_is_read_only(self, client, mentee, executed):
        client.force_login(mentee)
        content = client.get(agreement_url(executed.pairing)).content.decode()
        assert "executed on" in content
        assert "Save the agreement" not in content
        assert 'name="typed_name"' not in content
        assert "Download the signed PDF" in content

    def test_a_post_to_the_form_changes_nothing(self, committing_client, mentee, executed):
        committing_client.force_login(mentee)
        data = {
            "duration": "Two years",
            "frequency": "monthly",
            "contact_forms": ["video"],
            "version": executed.version,
        }
        response = committing_client.post(agreement_url(executed.pairing), data, follow=True)
        assert "can no longer change" in response.content.decode()
        executed.refresh_from_db()
        assert executed.duration == "One year"
        assert Signature.objects.valid().count() == 2

    def test_a_post_to_sign_changes_nothing(self, committing_client, mentee, executed):
        committing_client.force_login(mentee)
        post_signature(committing_client, executed, "Avery Mentee")
        assert Signature.objects.count() == 2
