import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.factories import ApplicationFactory
from applications.models import Application, Program

pytestmark = pytest.mark.django_db


def test_my_applications_runs_a_fixed_number_of_queries(client, mentee, program):
    def count_queries(n: int) -> int:
        Application.objects.all().delete()
        for i in range(n):
            other = Program.objects.create(
                name=f"Program {i}",
                slug=f"p{n}-{i}",
                host=program.host,
                deadline=program.deadline,
                chair_email="c@example.org",
            )
            ApplicationFactory(program=other, applicant=mentee)
        client.force_login(mentee)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("applications:mine"))
        assert len(response.context["applications"]) == n
        return len(queries)

    assert count_queries(5) == count_queries(50)


def test_my_applications_lists_only_mine(client, mentee, outsider, program):
    mine = ApplicationFactory(program=program, applicant=mentee)
    ApplicationFactory(program=program, applicant=outsider)
    client.force_login(mentee)
    response = client.get(reverse("applications:mine"))
    assert [line.pk for line in response.context["applications"]] == [mine.pk]


# The table's line as the template wrote it before the lines moved to Python (applications.views): the reference.
TEMPLATE_LINE = """{% for application in applications %}
    <tr>
      <td data-label="Program"><a href="{{ application.get_absolute_url }}">{{ application.program_name }}</a></td>
      <td data-label="Role">{{ application.get_role_display }}</td>
      <td data-label="Status"><span class="badge text-bg-{% if application.status == 'approved' %}success{% elif application.status == 'declined' or application.status == 'withdrawn' %}secondary{% elif application.status == 'draft' %}warning{% else %}info{% endif %}">{{ application.get_status_display }}</span></td>
      <td data-label="Since"><time datetime="{{ application.status_changed_at|date:'c' }}">{{ application.status_changed_at|date:"M j, Y, g:i A" }}</time></td>
      <td data-label="Fee">{% if application.fee_status != "none" %}${{ application.fee_amount }} {{ application.get_fee_status_display|lower }}{% else %}—{% endif %}</td>
    </tr>{% endfor %}"""  # noqa: E501


def test_my_applications_lines_read_as_the_template_wrote_them(client, mentee, program):
    import datetime as dt
    import re
    from decimal import Decimal

    from django.template import engines

    hostile = '<script>alert("x")</script> & Co'
    # Noon and midnight where the site's clock is (Los Angeles), and an afternoon.
    moments = [dt.datetime(2026, 1, 5, 8, 5, tzinfo=dt.UTC), dt.datetime(2026, 1, 5, 20, 10, tzinfo=dt.UTC)]
    moments.append(dt.datetime(2026, 7, 5, 23, 30, tzinfo=dt.UTC))
    for i, (status, fee) in enumerate(
        [("draft", "none"), ("submitted", "due"), ("approved", "paid"), ("declined", "waived"), ("withdrawn", "none")]
    ):
        other = Program.objects.create(
            name=f"{hostile} {i}", slug=f"p-{i}", host=program.host, deadline=program.deadline, chair_email="c@x.org"
        )
        application = ApplicationFactory(program=other, applicant=mentee, status=status)
        Application.objects.filter(pk=application.pk).update(
            fee_status=fee, fee_amount=Decimal("1250.50"), status_changed_at=moments[i % 3]
        )
    client.force_login(mentee)
    response = client.get(reverse("applications:mine"))
    page = response.content.decode()
    expected = engines["django"].from_string(TEMPLATE_LINE).render({"applications": response.context["applications"]})
    tbody = page[page.index("<tbody>") + len("<tbody>") : page.index("</tbody>")]
    assert re.sub(r"\s+", " ", tbody).strip() == re.sub(r"\s+", " ", expected).strip()
    assert "<script>" not in page and "&lt;script&gt;" in page
