"""Who may open what: anonymous → log in, outsider → 404, partners → the page, the chair → the agreement only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Pages only the two partners may open (GET).
PARTNER_PAGES = ["pairings:pairing", "agreements:agreement", "pairings:end"]


def url(name: str, pairing) -> str:
    return reverse(name, args=[pairing.pk])


@pytest.mark.parametrize("name", [*PARTNER_PAGES, "agreements:pdf", "agreements:sign", "pairings:rematch"])
def test_anonymous_is_sent_to_log_in(client, pairing, name):
    response = client.get(url(name, pairing))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_is_sent_to_log_in_from_my_pairings(client):
    response = client.get(reverse("pairings:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", [*PARTNER_PAGES, "agreements:pdf", "pairings:rematch"])
def test_an_outsider_gets_404(client, outsider, executed, name):
    client.force_login(outsider)
    assert client.get(url(name, executed.pairing)).status_code == 404


@pytest.mark.parametrize("name", ["agreements:agreement", "agreements:sign", "pairings:end", "pairings:rematch"])
def test_an_outsider_cannot_post_anything(client, outsider, pairing, name):
    client.force_login(outsider)
    assert client.post(url(name, pairing), {"typed_name": outsider.full_name, "consent": "on"}).status_code == 404
    pairing.refresh_from_db()
    assert pairing.is_active
    assert not pairing.events.exclude(kind="created").exists()


def test_an_outsider_does_not_see_other_peoples_pairings(client, outsider, pairing):
    client.force_login(outsider)
    response = client.get(reverse("pairings:mine"))
    assert response.status_code == 200
    assert pairing.mentor.full_name not in response.content.decode()


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
@pytest.mark.parametrize("name", PARTNER_PAGES)
def test_each_partner_opens_the_pairs_pages(client, request, pairing, persona, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(name, pairing)).status_code == 200


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_each_partner_downloads_the_executed_pdf(client, request, executed, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("agreements:pdf", executed.pairing))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_signing_takes_a_post_only(client, mentor, pairing):
    client.force_login(mentor)
    assert client.get(url("agreements:sign", pairing)).status_code == 405


def test_the_chair_reads_the_agreement_but_cannot_edit_it(client, chair, pairing):
    client.force_login(chair)
    response = client.get(url("agreements:agreement", pairing))
    assert response.status_code == 200
    content = response.content.decode()
    assert "reading this agreement as the chair" in content
    assert "Save the agreement" not in content and "Save without signing" not in content
    assert 'name="typed_name"' not in content and "data-agreement-form" not in content
    # The state, as the chair reads it: no "your turn".
    assert "Nobody has signed this version yet; waiting for Morgan and Avery" in content
    assert client.post(url("agreements:agreement", pairing), {"duration": "Forever"}).status_code == 404


def test_the_chair_downloads_the_executed_pdf(client, chair, executed):
    client.force_login(chair)
    assert client.get(url("agreements:pdf", executed.pairing)).status_code == 200


@pytest.mark.parametrize("name", ["pairings:pairing", "pairings:end", "pairings:rematch"])
def test_the_chair_does_not_see_the_pairs_own_pages(client, chair, pairing, name):
    client.force_login(chair)
    assert client.get(url(name, pairing)).status_code == 404


def test_the_chair_cannot_sign(client, chair, pairing):
    client.force_login(chair)
    response = client.post(url("agreements:sign", pairing), {"typed_name": chair.full_name, "consent": "on"})
    assert response.status_code == 404


def test_the_pdf_of_an_unexecuted_agreement_is_404(client, mentor, agreement):
    client.force_login(mentor)
    assert client.get(url("agreements:pdf", agreement.pairing)).status_code == 404


def test_only_the_mentee_of_an_ended_pairing_may_ask_for_a_new_match(client, mentor, mentee, pairing):
    client.force_login(mentee)
    assert client.get(url("pairings:rematch", pairing)).status_code == 404  # still active
    pairing.status = pairing.Status.ENDED
    pairing.save()
    assert client.get(url("pairings:rematch", pairing)).status_code == 200
    client.force_login(mentor)
    assert client.get(url("pairings:rematch", pairing)).status_code == 404


def test_my_pairings_lists_the_users_pairings_in_a_fixed_number_of_queries(
    client, mentee, pairing, django_assert_num_queries
):
    client.force_login(mentee)
    # The user, the pairings with program, people and agreement (session: cache), the navigation's to-dos (2).
    with django_assert_num_queries(4):
        response = client.get(reverse("pairings:mine"))
    content = response.content.decode()
    assert "Morgan Mentor (your mentor)" in content
    assert pairing.get_absolute_url() in content
    assert "Not started" in content
