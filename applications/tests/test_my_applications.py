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
