"""The home's rows filled in Python (home/sections.py) say what the template's loops said, escaped as it escaped
them; the URLs reversed once (mentorship/reversing.py) are reverse()'s; the articles' prepared query reads what the
library's selector reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory, ProgramFactory
from applications.models import Application, Program
from home import sections
from home.selectors import articles_for, home_for
from matching.factories import GalleryRequestFactory
from mentorship.reversing import url
from pairings.factories import PairingFactory
from resources import selectors as resources
from resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & Co'

# The template's loops as they were before the rows moved to Python: the reference the sections are held to.
TEMPLATE_ROWS = {
    "todos": """{% for todo in todos %}
    <li class="list-group-item d-flex flex-wrap align-items-center gap-2" data-kind="{{ todo.kind }}">
      <span class="flex-grow-1"><strong>{{ todo.text }}</strong> <span class="text-body-secondary">· {{ todo.program }}</span>
        {% if todo.due %}<br><span class="small{% if todo.due < today %} text-danger fw-semibold{% endif %}">{% if todo.due < today %}Overdue since{% else %}Due by{% endif %} <time datetime="{{ todo.due|date:'Y-m-d' }}">{{ todo.due|date:"F j, Y" }}</time></span>{% else %}<br><span class="small text-body-secondary">No deadline</span>{% endif %}</span>
      <a class="btn btn-sm btn-primary" href="{{ todo.url }}">{{ todo.action }}<span class="visually-hidden">: {{ todo.text }} ({{ todo.program }})</span></a>
    </li>{% endfor %}""",  # noqa: E501
    "pairings": """{% for glance in glances %}
    <div class="col-md-6">
      <article class="card h-100"><div class="card-body">
        <h3 class="h5 card-title"><a href="{{ glance.pairing.url }}">{{ glance.pairing.partner_name }}</a> <span class="text-body-secondary fs-6">your {{ glance.pairing.partner_role }}</span></h3>
        <p class="mb-1">{{ glance.pairing.program.name }}</p>
        <p class="mb-1 small">Term: {{ glance.pairing.started_on|date:"M j, Y" }} – {{ glance.pairing.ends_on|date:"M j, Y" }}</p>
        <p class="mb-0">Next step: <a href="{{ glance.next_url }}">{{ glance.next_step }}</a></p>
      </div></article>
    </div>{% endfor %}""",  # noqa: E501, RUF001
    "waiting": """{% for waiting in waiting %}
    <p><strong>Your {{ waiting.application.get_role_display|lower }} application to {{ waiting.application.program.name }} is submitted.</strong> {{ waiting.next }}
      <a href="{{ waiting.application.get_absolute_url }}">Your application</a></p>{% endfor %}""",  # noqa: E501
    "programs": """{% for program in programs %}
    <div class="col-md-6">
      <article class="card h-100"><div class="card-body">
        {% if home %}<h3 class="h5 card-title">{% else %}<h2 class="h4 card-title">{% endif %}<a href="{{ program.get_absolute_url }}">{{ program.name }}</a>{% if home %}</h3>{% else %}</h2>{% endif %}
        {% if program.host.name %}<p class="text-body-secondary mb-1">{{ program.host.name }}</p>{% endif %}
        <p class="mb-0">{% include "applications/_window.html" %}</p>
      </div></article>
    </div>{% endfor %}""",  # noqa: E501
}


def template_rows(name: str, **context) -> str:
    return engines["django"].from_string(TEMPLATE_ROWS[name]).render(context)


def same_markup(html: str) -> str:
    """Markup with each run of white space as one space, as a browser reads it."""
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def busy(mentee, mentor):
    """A mentee with something of every kind on their home, their partner's name and their programs' hostile."""
    mentee.full_name = mentor.full_name = HOSTILE
    mentee.save()
    mentor.save()
    open_program = ProgramFactory(name=f"Open {HOSTILE}")
    rolling = ProgramFactory(name=f"Rolling {HOSTILE}", kind=Program.Kind.ALWAYS_OPEN, deadline=None)
    ApplicationFactory(program=open_program, applicant=mentee, status=Application.Status.DRAFT)
    ApplicationFactory(program=rolling, applicant=mentee)  # submitted: waiting on the chair
    always = ProgramFactory(kind=Program.Kind.ALWAYS_OPEN, deadline=None)
    ApplicationFactory(program=always, applicant=mentee, status=Application.Status.DRAFT)  # a to-do with no deadline
    asked = ApplicationFactory(program=ProgramFactory(), applicant=mentee, approved=True)
    GalleryRequestFactory(mentee_application=asked, status="info_requested")
    PairingFactory(
        program=ProgramFactory(name=f"Paired {HOSTILE}"),
        mentee_application__applicant=mentee,
        mentor_application__applicant=mentor,
        created_at=timezone.now() - dt.timedelta(days=45),
    )
    PairingFactory(ended=True, mentee_application__applicant=mentee)
    return mentee


def test_the_to_dos_pairings_and_waiting_read_as_the_template_wrote_them(busy):
    home = home_for(busy)
    today = timezone.localdate()
    assert {todo.kind for todo in home.todos} >= {"draft", "gallery_question", "agreement", "feedback"}
    assert any(todo.due is None for todo in home.todos) and any(todo.overdue_on(today) for todo in home.todos)
    assert home.pairings and home.waiting
    assert same_markup(sections.todo_items(home.todos, today)) == same_markup(
        template_rows("todos", todos=home.todos, today=today)
    )
    assert same_markup(sections.pairing_cards(home.pairings)) == same_markup(
        template_rows("pairings", glances=home.pairings)
    )
    assert same_markup(sections.waiting_paragraphs(home.waiting)) == same_markup(
        template_rows("waiting", waiting=home.waiting)
    )


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_programs_cards_read_as_the_template_wrote_them(signed_in, program):
    rolling = ProgramFactory(name=f"Rolling {HOSTILE}", kind=Program.Kind.ALWAYS_OPEN, deadline=None)
    rolling.host.name = HOSTILE
    rolling.host.save()
    programs = list(Program.objects.select_related("host").filter(pk__in=[program.pk, rolling.pk]))
    expected = template_rows("programs", programs=programs, home=signed_in or None)
    assert same_markup(sections.program_cards(programs, signed_in=signed_in)) == same_markup(expected)


def test_hostile_names_are_escaped_on_the_home(client, busy):
    client.force_login(busy)
    page = client.get(reverse("home")).content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", ()),
        ("matching:inbox", ()),
        ("pairings:pairing", (12,)),
        ("pairings:pulse", (12, 3)),
        ("applications:apply", ("a-slug_2", "mentee")),
        ("applications:program", ("cal-icma-2025",)),
    ],
)
def test_a_url_reversed_once_is_reverses_own(name, args):
    assert url(name, *args) == reverse(name, args=args)


def test_the_articles_query_reads_what_the_librarys_selector_reads(program, mentor, mentee):
    mine = ApplicationFactory(program=program, applicant=mentee, approved=True, expertise=["finance"])
    PairingFactory(program=program, mentee_application=mine, mentor_application__applicant=mentor)
    ResourceFactory(association=program.host, title="Budget season", areas=["finance"])
    ResourceFactory(association=program.host, title="Fire", areas=["fire_ems"])
    for person in (mentee, mentor):
        home = home_for(person)
        expected = resources.articles_for_mentee(person) if person == mentee else []
        assert [a.pk for a in articles_for(home, person.pk)] == [a.pk for a in expected]
    assert [a.title for a in articles_for(home_for(mentee), mentee.pk)] == ["Budget season"]
