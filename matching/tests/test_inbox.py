"""The inbox's rows, written in Python (matching/inbox.py), come out as the row template writes them, escaped alike."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from applications.factories import ProgramFactory
from applications.models import Program
from matching.inbox import InboxRow, inbox_page, rows_html
from matching.models import GalleryRequest
from matching.tests.conftest import approved_mentee, approved_mentor

HOSTILE = "<script>alert('x')</script> & \"quoted\" ' <b>"
CSRF = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', "token")

# The markup of a row, as a Django template: what rows_html must write, byte for byte.
ROW = Template(
    """<article class="card mb-3"><div class="card-body">
    <h2 class="h5">{{ r.mentee }} <span class="badge text-bg-secondary">{{ r.status_label }}</span></h2>
    <p class="small text-body-secondary">{{ r.position }} · {{ r.program }}{% if r.answer_by %} · please answer by \
{{ r.answer_by }}{% endif %}</p>
    <p>{{ r.message|linebreaksbr }}</p>
    <p class="small"><strong>Goals:</strong> {{ r.goals }} · <strong>Wants help with:</strong> {{ r.wants }}</p>
    {% if r.status == "pending" %}<form method="post" action="{{ r.answer_url }}">{{ csrf_input }}
        <fieldset class="mb-2"><legend class="h6">Your answer</legend>
          <div class="form-check form-check-inline"><input class="form-check-input" type="radio" name="action"
            value="accept" id="accept-{{ r.pk }}" required><label class="form-check-label" for="accept-{{ r.pk }}">\
Accept</label></div>
          <div class="form-check form-check-inline"><input class="form-check-input" type="radio" name="action"
            value="decline" id="decline-{{ r.pk }}"><label class="form-check-label" for="decline-{{ r.pk }}">\
Decline</label></div>
          <div class="form-check form-check-inline"><input class="form-check-input" type="radio" name="action"
            value="ask" id="ask-{{ r.pk }}"><label class="form-check-label" for="ask-{{ r.pk }}">\
Ask for more information</label></div>
        </fieldset>
        <label class="form-label" for="message-{{ r.pk }}">Message to the {{ r.mentee_word }} (required to ask a \
question)</label>
        <textarea class="form-control mb-2" id="message-{{ r.pk }}" name="message" rows="2"></textarea>
        <button type="submit" class="btn btn-primary btn-sm">Send answer</button>
      </form>{% elif r.status == "info_requested" %}<p>You asked: {{ r.response }} Waiting for the mentee's answer.</p>\
{% elif r.pairing_url %}<a class="btn btn-success btn-sm" href="{{ r.pairing_url }}">Go to the pairing</a>{% endif %}
  </div></article>
"""
)


def _row(pk: int, status: str, **more) -> InboxRow:
    values = {
        "pk": pk,
        "status": status,
        "status_label": f"{status} <label>",
        "mentee": f"{HOSTILE} {pk}",
        "position": f"{HOSTILE}, Town & Co",
        "program": HOSTILE,
        "answer_by": "",
        "message": f"Line one\r\nline two\rline three\nline <four>\r\r\n{HOSTILE}",
        "response": f"Which city? {HOSTILE}",
        "goals": HOSTILE,
        "wants": "Finance, Other: <i>parks</i> & trees",
        "mentee_word": "member <x>",
        "answer_url": f"/mentoring/requests/{pk}/answer/?a=1&b=2",
        "pairing_url": "",
    }
    return InboxRow(**{**values, **more})


ROWS = [
    _row(1, "pending", answer_by="Dec 2, 2026, 10:56 PM"),
    _row(2, "info_requested", answer_by="Jan 1, 2027, 12:00 AM"),
    _row(3, "accepted", pairing_url="/pairings/7/?x=<&>"),
    _row(4, "declined"),
    _row(5, "expired"),
    _row(6, "pending"),  # open without a date: not the page's case, but each part stands alone
    _row(7, "withdrawn", message="", response="", goals="", wants="", position=", "),
]


def _expected(rows: list[InboxRow]) -> str:
    return "".join(ROW.render(Context({"r": row, "csrf_input": CSRF})) for row in rows)


def test_each_kind_of_row_is_written_as_the_template_writes_it():
    assert rows_html(ROWS, csrf_input=CSRF) == _expected(ROWS)


def test_what_mentees_write_is_escaped():
    html = rows_html(ROWS[:1], csrf_input=CSRF)
    assert "<script>" not in html and "<b>" not in html and "<four>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27; &lt;b&gt;" in html
    assert "Line one<br>line two<br>line three<br>line &lt;four&gt;<br><br>" in html
    assert 'action="/mentoring/requests/1/answer/?a=1&amp;b=2"' in html and CSRF in html


def test_a_text_holding_the_joining_character_is_escaped_alike():
    rows = [_row(1, "pending", mentee="a\x00<b>", answer_by="\x00"), _row(2, "info_requested", response="\x00&")]
    assert rows_html(rows, csrf_input=CSRF) == _expected(rows)


def test_a_csrf_field_given_as_plain_text_is_escaped():
    assert "&lt;input" in rows_html(ROWS[:1], csrf_input="<input>")


def test_no_rows_no_markup():
    assert rows_html([], csrf_input=CSRF) == ""


@pytest.mark.django_db
def test_a_page_holds_the_newest_requests_of_all_the_mentors_programs_and_counts_them_all(
    client, mentor, gallery_program, association
):
    other_program = ProgramFactory(host=association, pairing_mode=Program.PairingMode.GALLERY)
    applications = [approved_mentor(program, user=mentor, capacity=3) for program in (gallery_program, other_program)]
    someone_else = approved_mentor(gallery_program)
    now = timezone.now()
    for age in range(23):  # alternately in each program, newest first
        GalleryRequest.objects.create(
            program=applications[age % 2].program,
            mentee_application=approved_mentee(applications[age % 2].program),
            mentor_application=applications[age % 2],
            message=f"Request {age}",
            created_at=now - dt.timedelta(hours=age),
            expires_at=now + dt.timedelta(days=3),
        )
    GalleryRequest.objects.create(
        program=gallery_program,
        mentee_application=approved_mentee(gallery_program),
        mentor_application=someone_else,
        message="Not to this mentor",
        created_at=now,
        expires_at=now + dt.timedelta(days=3),
    )

    first, second = inbox_page(mentor, 1), inbox_page(mentor, "2")

    assert [row.message for row in first] == [f"Request {age}" for age in range(20)]
    assert [row.message for row in second] == [f"Request {age}" for age in range(20, 23)]
    assert first.paginator.count == second.paginator.count == 23 and second.paginator.num_pages == 2
    assert {row.program for row in first} == {gallery_program.name, other_program.name}
    client.force_login(mentor)
    assert b"Page 1 of 2" in client.get(reverse("matching:inbox")).content
