"""The pair page's and My pairings' rows, built in Python (pairings.markup) from one query each (pairings.selectors),
print exactly what their template loops printed from the ORM's models: the loops are kept here as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from events import requirement
from events.factories import EventFactory, RSVPFactory
from pairings import markup, selectors
from pairings.factories import (
    CheckInFactory,
    EventAttendanceFactory,
    MentoringGroupFactory,
    PairingEventFactory,
    PairingFactory,
)
from pairings.groups import checkins_of
from pairings.models import PairingEvent

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & Co'

# The loops of templates/pairings/pairing_detail.html and my_pairings.html before their rows moved to Python.
CHECKIN_LOOP = (
    '{% for c in checkins %}<tr><td>{{ c.date|date:"M j, Y" }}</td><td>{{ c.get_form_display }}</td>'
    "<td>{{ c.minutes }} min</td><td>{{ c.note|linebreaksbr }}</td></tr>{% endfor %}"
)
HISTORY_LOOP = """{% for event in events %}
    <li><time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"M j, Y, g:i A" }}</time>: {{ event.get_kind_display }}{% if event.actor %} by {{ event.actor.full_name }}{% endif %}{% if event.note %} ({{ event.note }}){% endif %}</li>
  {% endfor %}"""  # noqa: E501
ATTENDED_LOOP = (
    '{% for e in attended %}<li>{{ e.kind_label }}: {{ e.name }} ({{ e.date|date:"F j, Y" }}){% if e.calendar %} '
    '<span class="badge text-bg-success">attended</span>{% elif e.counted %} <span class="badge text-bg-success">'
    'confirmed</span>{% else %} <span class="badge text-bg-secondary">awaiting the chair</span>{% endif %}</li>'
    "{% empty %}<li>None logged yet.</li>{% endfor %}"
)
LINES_LOOP = """{% for pairing in pairings %}
    <tr>
      <td data-label="Partner"><a href="{{ pairing.get_absolute_url }}">{{ pairing.partner_name }} ({{ pairing.partner_role }})</a></td>
      <td data-label="Program">{{ pairing.program_name }}</td>
      <td data-label="Status"><span class="badge text-bg-{% if pairing.status == 'active' %}success{% else %}secondary{% endif %}">{{ pairing.get_status_display }}</span></td>
      <td data-label="Term">{{ pairing.started_on|date:"M j, Y" }} – {{ pairing.ends_on|date:"M j, Y" }}</td>
      <td data-label="Agreement">{% if pairing.group_pk %}{% include "agreements/_agreement_status.html" with agreement=pairing.agreement %} · <a href="{{ pairing.get_group_url }}">{{ pairing.group_name }}</a>{% elif pairing.requires_agreement or pairing.agreement %}{% include "agreements/_agreement_status.html" with agreement=pairing.agreement %}{% else %}Not needed{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501, RUF001


def rendered(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def busy(pairing, mentor, mentee):
    """The published pair with check-ins (two on one day, a hostile note on two lines), history with and without
    an actor and a hostile note, events logged (confirmed or not) and one attended on the calendar."""
    today = timezone.localdate()
    CheckInFactory(pairing=pairing, date=today, form="phone", minutes=30, note=f"{HOSTILE}\nSecond line")
    CheckInFactory(pairing=pairing, date=today, form="video", minutes=45, note="")
    CheckInFactory(pairing=pairing, date=today - dt.timedelta(days=40), form="in_person", minutes=90, note="Lunch")
    PairingEventFactory(pairing=pairing, kind=PairingEvent.Kind.SIGNED, actor=mentee, note=HOSTILE)
    PairingEventFactory(pairing=pairing, kind=PairingEvent.Kind.AGREEMENT_EDITED, actor=None)
    EventAttendanceFactory(pairing=pairing, name=HOSTILE, confirmed=True)
    EventAttendanceFactory(pairing=pairing, kind="signature", name="Annual conference")
    starts = timezone.make_aware(dt.datetime.combine(pairing.started_on, dt.time(18)))
    event = EventFactory(
        association=pairing.program.host, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), title="Mixer"
    )
    RSVPFactory(event=event, user=mentee, attended_at=starts, attendance_via="chair")
    return pairing


def test_check_ins_history_and_events_print_as_the_template_printed_the_models(busy):
    touch = selectors.keeping_in_touch(busy, events=True)

    old_checkins = list(checkins_of(busy))
    assert len(touch.checkins) == 3
    assert markup.checkin_rows(touch.checkins) == rendered(CHECKIN_LOOP, checkins=old_checkins)
    old_history = list(busy.events.select_related("actor"))
    assert len(touch.history) == 3
    assert markup.history_items(touch.history) == rendered(HISTORY_LOOP, events=old_history)
    assert touch.attended == requirement.attendance_rows([busy.pk])
    assert len(touch.attended) == 3
    assert markup.attended_items(touch.attended) == rendered(ATTENDED_LOOP, attended=touch.attended)
    assert markup.attended_items([]) == rendered(ATTENDED_LOOP, attended=[])


def test_the_pair_page_escapes_what_the_pair_typed_and_keeps_a_notes_line_breaks(busy, client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("pairings:pairing", args=[busy.pk])).content.decode()
    assert "<script>" not in page
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
    assert f"<td>{escaped}<br>Second line</td>" in page  # the note
    assert f"Agreement signed by Avery Mentee ({escaped})</li>" in page  # the history
    assert f"Regional event: {escaped} (" in page  # the event logged
    assert "So far: 2 of 1 regional, 0 of 1 signature event." in page


def test_a_program_without_an_event_requirement_reads_no_events(busy, django_assert_num_queries):
    with django_assert_num_queries(1):
        touch = selectors.keeping_in_touch(busy, events=False)
    assert touch.attended == [] and len(touch.checkins) == 3 and len(touch.history) == 3


def test_a_group_members_page_lists_the_groups_check_ins_too(db):
    group = MentoringGroupFactory()
    first, second = group.pairings.order_by("pk")
    CheckInFactory(pairing=first, note="Ours")
    CheckInFactory(pairing=second, group=group, note="The group's")
    CheckInFactory(pairing=second, note="Not ours")
    EventAttendanceFactory(pairing=first, name="Ours logged")
    EventAttendanceFactory(pairing=second, name="Theirs logged")
    for events in (False, True):
        touch = selectors.keeping_in_touch(first, events=events)
        assert sorted(c.note for c in touch.checkins) == ["Ours", "The group's"]
        assert markup.checkin_rows(touch.checkins) == rendered(CHECKIN_LOOP, checkins=list(checkins_of(first)))
        assert [e.name for e in touch.attended] == (["Ours logged"] if events else [])


def test_my_pairings_lines_print_as_the_template_printed_them(pairing, mentee, mentor):
    mentor.full_name = HOSTILE
    mentor.save()
    Agreement.objects.create(pairing=pairing, version=3)
    ended = PairingFactory(mentee_application__applicant=mentee, ended=True)
    ended.program.requires_agreement = False
    ended.program.save()
    group = MentoringGroupFactory(name=HOSTILE)
    grouped = group.pairings.order_by("pk").first()
    grouped.mentee = mentee
    grouped.save()
    Agreement.objects.create(pairing=grouped, group=group, executed_at=timezone.now(), content_sha256="0" * 64)

    lines = selectors.my_pairings(mentee.pk)
    assert len(lines) == 3
    assert markup.pairing_lines(lines) == rendered(LINES_LOOP, pairings=lines)
    assert "&lt;script&gt;" in markup.pairing_lines(lines)


@pytest.mark.parametrize(
    "glance",
    [
        None,
        selectors.AgreementGlance(is_executed=False, group_id=None, version=2),
        selectors.AgreementGlance(is_executed=True, group_id=None, version=1),
        selectors.AgreementGlance(is_executed=True, group_id=7, version=1),
    ],
)
def test_an_agreements_state_reads_as_its_template_says_it(glance):
    template = '{% include "agreements/_agreement_status.html" %}'
    assert markup.agreement_status(glance) == rendered(template, agreement=glance)
    if glance is not None:  # the pair page's: the agreement itself
        agreement = Agreement(version=glance.version, group_id=glance.group_id)
        agreement.executed_at = timezone.now() if glance.is_executed else None
        assert markup.agreement_status(agreement) == rendered(template, agreement=agreement)
