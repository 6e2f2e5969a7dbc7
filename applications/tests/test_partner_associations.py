"""A co-sponsored program: applicants name their association (the host or a partner) and its membership
categories, its rule for eligible non-members and its fee apply, in the form, the service and the import alike."""

from decimal import Decimal

import pytest

from applications import eligibility, services
from applications.factories import ApplicationFactory
from applications.models import Application
from applications.tests.test_apply import apply_url, mentee_data
from associations.models import Association
from dashboard.participant_import import participants_import

pytestmark = pytest.mark.django_db

IMPORT_HEADER = "email,full_name,role,association,membership,fee,organization,expertise,frequency,contact_forms"


@pytest.fixture
def cmao(db) -> Association:
    """A partner with full and affiliate members (no students) and a higher non-member fee than the host's."""
    return Association.objects.create(
        name="City Management Association of Oklahoma",
        short_name="CMAO",
        slug="cmao",
        membership_categories=["full", "affiliate"],
        nonmember_fee=Decimal("75.00"),
    )


@pytest.fixture
def azcma(db) -> Association:
    """A partner that takes members only."""
    return Association.objects.create(
        name="Arizona City/County Management Association",
        short_name="AZCMA",
        slug="azcma",
        allow_eligible_nonmembers=False,
    )


@pytest.fixture
def co_sponsored(program, cmao, azcma):
    program.partners.set([cmao, azcma])
    return program


def test_a_non_member_applying_through_a_partner_owes_that_partners_fee(committing_client, mentee, co_sponsored, cmao):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(cmao.pk), membership="nonmember")
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=mentee)
    assert application.association == cmao
    assert (application.fee_status, application.fee_amount) == ("due", Decimal("75.00"))


def test_a_member_of_the_host_owes_nothing_and_is_recorded_under_the_host(committing_client, mentee, co_sponsored):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(co_sponsored.host_id))
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=mentee)
    assert (application.association, application.fee_status) == (co_sponsored.host, "none")


def test_a_partner_that_takes_no_non_members_refuses_one_in_the_form(committing_client, mentee, co_sponsored, azcma):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(azcma.pk), membership="nonmember")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["membership"] == ["AZCMA does not take non-members."]
    assert not Application.objects.exists()


def test_a_partner_that_takes_no_non_members_refuses_one_in_the_service(co_sponsored, azcma):
    draft = ApplicationFactory(program=co_sponsored, status=Application.Status.DRAFT)
    draft.association, draft.membership = azcma, Application.Membership.NONMEMBER
    with pytest.raises(services.IneligibleError) as refused:
        services.application_save(application=draft, submit=True, actor=draft.applicant)
    assert refused.value.problems == [eligibility.Problem("membership", "AZCMA does not take non-members.")]


def test_the_form_refuses_a_category_the_chosen_association_does_not_offer(
    committing_client, mentee, co_sponsored, cmao
):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(cmao.pk), membership="student")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["membership"] == [
        "CMAO has no Student member category. It offers: Full member, Affiliate member; "
        "eligible non-members pay a $75.00 fee."
    ]
    assert "CMAO has no Student member category" in response.content.decode()


def test_an_affiliate_member_of_a_partner_that_has_affiliates_may_apply(committing_client, mentee, co_sponsored, cmao):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(cmao.pk), membership="affiliate")
    )
    assert response.status_code == 302
    assert Application.objects.get(applicant=mentee).membership == "affiliate"


def test_an_association_that_does_not_sponsor_the_program_is_refused(
    committing_client, mentee, co_sponsored, other_association
):
    committing_client.force_login(mentee)
    response = committing_client.post(
        apply_url(co_sponsored, "mentee"), mentee_data(association=str(other_association.pk))
    )
    assert response.status_code == 400
    assert "association" in response.context["form"].errors
    draft = ApplicationFactory(program=co_sponsored, status=Application.Status.DRAFT, association=other_association)
    with pytest.raises(services.IneligibleError, match="does not sponsor this program"):
        services.application_save(application=draft, submit=True, actor=draft.applicant)


def test_the_apply_page_lists_each_association_with_its_rule(client, mentee, co_sponsored):
    client.force_login(mentee)
    page = client.get(apply_url(co_sponsored, "mentee")).content.decode()
    assert "Your association" in page
    assert "City Management Association of Oklahoma (CMAO): eligible non-members pay a $75.00 fee" in page
    assert "Arizona City/County Management Association (AZCMA): no non-members" in page
    assert 'data-memberships="full affiliate nonmember"' in page
    assert 'data-memberships="full student"' in page  # AZCMA


def test_without_partners_no_association_is_asked_and_the_host_applies(committing_client, mentee, program):
    committing_client.force_login(mentee)
    page = committing_client.get(apply_url(program, "mentee")).content.decode()
    assert 'name="association"' not in page
    assert "Not a member, but eligible for membership ($50.00 fee)" in page
    assert committing_client.post(apply_url(program, "mentee"), mentee_data()).status_code == 302
    assert Application.objects.get(applicant=mentee).association == program.host


def test_the_program_page_names_the_host_and_the_partners_with_their_rules(client, co_sponsored):
    page = client.get(co_sponsored.get_absolute_url()).content.decode()
    assert (
        "Hosted by Municipal Management Association of Southern California, open to members of "
        "Arizona City/County Management Association and City Management Association of Oklahoma."
    ) in page
    assert "MMASC (host): Full member, Student member; eligible non-members pay a $50.00 fee" in page
    assert "AZCMA: Full member, Student member; no non-members" in page
    assert "CMAO: Full member, Affiliate member; eligible non-members pay a $75.00 fee" in page


def test_the_import_applies_the_association_column(co_sponsored, chair):
    rows = [
        "ana@x.example,Ana Partner,mentee,cmao,nonmember,,Org,finance,monthly,video",
        "bo@x.example,Bo Host,mentee,,nonmember,,Org,finance,monthly,video",
    ]
    report = participants_import(
        program=co_sponsored, text="\n".join([IMPORT_HEADER, *rows]) + "\n", status="approved", actor=chair, commit=True
    )
    assert report.ok, report.errors
    fees = {a.applicant.email: (a.association.short_name, a.fee_amount) for a in Application.objects.all()}
    assert fees == {"ana@x.example": ("CMAO", Decimal("75.00")), "bo@x.example": ("MMASC", Decimal("50.00"))}


def test_the_import_refuses_what_the_named_association_does_not_take(co_sponsored, chair):
    rows = [
        "ana@x.example,Ana Partner,mentee,AZCMA,nonmember,,Org,finance,monthly,video",
        "bo@x.example,Bo Partner,mentee,CMAO,student,,Org,finance,monthly,video",
        "cy@x.example,Cy Elsewhere,mentee,IaCMA,full,,Org,finance,monthly,video",
    ]
    report = participants_import(
        program=co_sponsored, text="\n".join([IMPORT_HEADER, *rows]) + "\n", status="approved", actor=chair, commit=True
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (2, "membership", "AZCMA does not take non-members."),
        (
            3,
            "membership",
            "CMAO has no Student member category. It offers: Full member, Affiliate member; "
            "eligible non-members pay a $75.00 fee.",
        ),
        (4, "association", '"IaCMA" is not one of this program\'s associations: MMASC, AZCMA, CMAO.'),
    ]
    assert not Application.objects.exists()
