"""Sign up, verify by email, log in, reset a password, log out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new long passphrase"


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, email="newcomer@example.org"):
    return client.post(
        reverse("account_signup"),
        {"full_name": "Nadia Newcomer", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_sends_a_verification_email_and_the_link_logs_the_person_in(client, mailoutbox):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="newcomer@example.org")
    assert user.full_name == "Nadia Newcomer"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newcomer@example.org"]
    confirm_url = link_in(mailoutbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"Confirm" in page.content

    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    home = client.get(reverse("home"))
    assert home.wsgi_request.user == user
    assert b"Nadia Newcomer" in home.content


def test_an_unverified_person_cannot_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()
    mailoutbox.clear()
    response = client.post(reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert len(mailoutbox) == 0  # allauth resends at most once every 3 minutes (its confirm_email rate limit)


def test_a_verified_member_logs_in_by_email_and_logs_out(client, mentee):
    response = client.post(reverse("account_login"), {"login": mentee.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == mentee
    client.post(reverse("account_logout"))
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_password_reset_by_email(client, mentee, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    assert len(mailoutbox) == 1
    response = client.get(link_in(mailoutbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link_in(mailoutbox[0])
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.check_password(NEW_PASSWORD)


def test_a_signup_error_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Nadia Newcomer", "email": "newcomer@example.org", "password1": PASSWORD, "password2": "x"},
    )
    assert response.status_code == 200
    assert b'value="Nadia Newcomer"' in response.content
    assert b'value="newcomer@example.org"' in response.content
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_login_failures_are_rate_limited(client, mentee):
    statuses = [
        client.post(reverse("account_login"), {"login": mentee.email, "password": "wrong"}).status_code
        for _ in range(7)
    ]
    assert (
        429 in statuses
        or b"Too many failed login attempts"
        in client.post(reverse("account_login"), {"login": mentee.email, "password": "wrong"}).content
    )


def test_the_verification_email_greets_the_person_not_the_server_address(client, mailoutbox):
    sign_up(client)
    body = mailoutbox[0].body
    assert body.startswith("Mentorship Program\n\nHello Nadia Newcomer,")  # the installation's name heads it
    assert "Hello from" not in body and "testserver" not in body.split("http")[0]
    assert body.count("Sent by Mentorship Program.") == 1  # the layout's footer, as in every email
    assert "signed up for the Mentorship Program as Nadia Newcomer." in body  # the installation's SITE_NAME


def test_allauths_emails_wear_the_layout_of_every_email(client, mailoutbox, mentee):
    """The password reset, like the verification, is the installation's: its name, the default colour, one footer,
    and the link it carries is a link in the HTML part."""
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "Mentorship Program" in html and "#1f4e79" in html
    assert html.count("Sent by Mentorship Program.") == 1
    assert '<a href="http' in html and "/accounts/password/reset/key/" in html
    assert "{{" not in html + message.body and "{%" not in html + message.body


def test_every_page_names_the_favicon_and_it_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
    assert 'rel="icon"' in client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in client.get(reverse("admin:login")).content.decode()


def test_a_wrong_password_is_said_once_in_the_error_summary(client, mentee):
    response = client.post(reverse("account_login"), {"login": mentee.email, "password": "wrong"})
    page = response.content.decode()
    assert "data-error-summary" in page and "1 problem to fix" in page
    assert page.count("The email address and/or password you specified are not correct.") == 1


def test_a_sign_up_with_a_mismatched_password_links_the_error_to_its_field(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Nadia Newcomer", "email": "newcomer@example.org", "password1": PASSWORD, "password2": "x"},
    )
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_password2"' in page
