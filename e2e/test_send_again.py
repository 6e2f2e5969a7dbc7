"""The chair's Send again: an email the mail server refused for three days, on the dashboard, sent once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.factories import ApplicationFactory
from applications.models import Application, Program
from conftest import DASHBOARD_PERMISSIONS, PASSWORD, grant, make_user
from e2e.checks import check_page
from e2e.steps import log_in
from notifications.models import Notice
from notifications.services import Spec, notify_many

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def failed_for_three_days(program: Program, full_name: str) -> Notice:
    application = ApplicationFactory(program=program, status=Application.Status.APPROVED)
    application.applicant.full_name = full_name
    application.applicant.save(update_fields=["full_name"])
    [notice_id] = notify_many(
        [
            Spec(
                kind="application_decision",
                subject=f"application:{application.pk}",
                period="approved:0",
                to=application.applicant.email,
                user=application.applicant,
                program=program,
                context={
                    "application": application,
                    "program": program,
                    "status": "approved",
                    "status_label": "Approved",
                },
            )
        ]
    )
    Notice.objects.filter(pk=notice_id).update(
        status=Notice.Status.GAVE_UP,
        attempts=151,
        created_at=timezone.now() - dt.timedelta(hours=73),
        last_error="421 4.3.2 Service not available",
    )
    return Notice.objects.get(pk=notice_id)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_chair_sends_a_refused_email_again_once_even_on_a_double_click(new_page, program, phone):
    chair = make_user("casey.chair@example.org", "Casey Chair", staff=True)
    grant(chair, *DASHBOARD_PERMISSIONS, "notifications.resend_notice")
    first = failed_for_three_days(program, "Avery Mentee")
    second = failed_for_three_days(program, "Jordan Rivera")
    mail.outbox.clear()

    page: Page = new_page(phone=phone)
    page.goto(f"/accounts/login/?next=/chair/{program.slug}/")
    log_in(page, email=chair.email, password=PASSWORD, phone=phone)
    failed = page.get_by_role("list", name=re.compile("Emails the mail server refused for 3 days"))
    expect(failed.get_by_role("listitem")).to_have_count(2)
    expect(failed).to_contain_text(f"Application decision to {first.to}")
    expect(failed).to_contain_text("421 4.3.2 Service not available")

    failed.get_by_role("button", name=f"Send again: Application decision to {first.to}").dblclick()
    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text(
        f"The application decision email to {first.to} is queued again"
    )
    check_page(page, phone=phone)
    expect(failed.get_by_role("listitem")).to_have_count(1)
    expect(failed).to_contain_text(second.to)
    assert [message.to for message in mail.outbox] == [[first.to]]
    first.refresh_from_db()
    assert (first.status, first.resent_by) == (Notice.Status.SENT, chair)
