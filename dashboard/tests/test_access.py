"""Only staff reach the dashboard: anonymous or an applicant → the admin's login, staff without the view
permissions → 403, the chair → 200."""

import pytest
from django.urls import reverse

from applications.models import Program
from conftest import DASHBOARD_PERMISSIONS, grant, make_user

pytestmark = pytest.mark.django_db

PROGRAM_VIEWS = [
    "dashboard:program",
    "dashboard:applications_csv",
    "dashboard:pairings_csv",
    "dashboard:checkins_csv",
    "dashboard:report_pdf",
    "dashboard:duplicate",
    "dashboard:import",
    "dashboard:import_template",
]


def url(name: str, program: Program) -> str:
    return reverse(name, args=[program.slug])


def sent_to_admin_login(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_log_in_from_the_index(client):
    assert sent_to_admin_login(client.get(reverse("dashboard:index")))


@pytest.mark.parametrize("name", PROGRAM_VIEWS)
def test_anonymous_is_sent_to_log_in(client, program, name):
    assert sent_to_admin_login(client.get(url(name, program)))


@pytest.mark.parametrize("name", ["dashboard:index", *PROGRAM_VIEWS])
def test_an_applicant_is_sent_to_the_admin_login(client, mentee, program, name):
    client.force_login(mentee)
    target = reverse(name) if name == "dashboard:index" else url(name, program)
    assert sent_to_admin_login(client.get(target))


def test_an_applicant_cannot_duplicate_a_program(client, mentee, program):
    client.force_login(mentee)
    response = client.post(url("dashboard:duplicate", program), {"name": "2025 Copy", "slug": "2025-copy"})
    assert sent_to_admin_login(response)
    assert not Program.objects.filter(slug="2025-copy").exists()


def test_an_applicant_cannot_import_participants(client, mentee, program):
    client.force_login(mentee)
    response = client.post(url("dashboard:import", program), {"payload": "anything"})
    assert sent_to_admin_login(response)


def test_the_chair_opens_the_index(client, chair, program):
    client.force_login(chair)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert url("dashboard:program", program) in response.content.decode()


@pytest.mark.parametrize("name", PROGRAM_VIEWS)
def test_the_chair_opens_every_dashboard_view(client, chair, program, name):
    client.force_login(chair)
    assert client.get(url(name, program)).status_code == 200


def test_an_unknown_program_is_404_for_the_chair(client, chair):
    client.force_login(chair)
    assert client.get(reverse("dashboard:program", args=["no-such-program"])).status_code == 404


def test_the_programs_admin_page_links_to_its_dashboard(client, chair, program):
    client.force_login(chair)
    response = client.get(reverse("admin:applications_program_change", args=[program.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{url("dashboard:program", program)}"' in content
    assert "Program dashboard" in content


def staff_with(*permissions: str, email: str = "helper@example.org"):
    """A staff account holding only the named permissions (e.g. "applications.view_program")."""
    return grant(make_user(email, "Harper Helper", staff=True), *permissions)


@pytest.mark.parametrize("name", ["dashboard:index", *PROGRAM_VIEWS])
def test_staff_without_the_view_permissions_get_403_everywhere(client, program, name):
    client.force_login(staff_with())
    target = reverse(name) if name == "dashboard:index" else url(name, program)
    assert client.get(target).status_code == 403


def test_the_check_ins_csv_also_takes_the_permission_to_view_check_ins(client, program):
    client.force_login(staff_with(*DASHBOARD_PERMISSIONS))
    assert client.get(url("dashboard:program", program)).status_code == 200
    assert client.get(url("dashboard:checkins_csv", program)).status_code == 403
    client.force_login(staff_with(*DASHBOARD_PERMISSIONS, "pairings.view_checkin", email="reader@example.org"))
    assert client.get(url("dashboard:checkins_csv", program)).status_code == 200


@pytest.mark.parametrize("name", ["dashboard:duplicate", "dashboard:import"])
def test_staff_without_the_permission_to_add_cannot_duplicate_or_import(client, program, name):
    client.force_login(staff_with(*DASHBOARD_PERMISSIONS))
    assert client.get(url("dashboard:program", program)).status_code == 200
    assert client.get(url(name, program)).status_code == 403


DASHBOARD_LINK = f'href="{reverse("dashboard:index")}"'


@pytest.mark.parametrize(
    ("persona", "permissions"),
    [
        ("mentee", None),
        ("staff_without_permissions", None),
        ("helper", ("applications.view_program",)),
        ("helper", DASHBOARD_PERMISSIONS),
        ("viewer", None),
        ("chair", None),
    ],
)
def test_the_navigation_links_to_the_dashboard_exactly_when_it_opens(request, client, persona, permissions):
    user = staff_with(*permissions) if persona == "helper" else request.getfixturevalue(persona)
    client.force_login(user)
    opens = client.get(reverse("dashboard:index")).status_code == 200
    assert (DASHBOARD_LINK in client.get(reverse("home")).content.decode()) is opens
    assert opens is (persona in ("viewer", "chair") or permissions == DASHBOARD_PERMISSIONS)


def test_the_programs_admin_page_has_no_dashboard_link_for_who_may_not_open_it(client, program):
    client.force_login(staff_with("applications.view_program"))
    response = client.get(reverse("admin:applications_program_change", args=[program.pk]))
    assert response.status_code == 200
    assert "Program dashboard" not in response.content.decode()
    assert "Duplicate for next year" not in response.content.decode()
