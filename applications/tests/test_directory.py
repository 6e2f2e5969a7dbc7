"""The public directory of programs: every association's programs, filtered with a plain GET form."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Program
from associations.models import Association

pytestmark = pytest.mark.django_db
URL = reverse("applications:directory")


@pytest.fixture
def programs(program, association, other_association) -> dict[str, Program]:
    """MMASC's yearly cohort (`program`), a closed IaCMA cohort, a national always-open network co-sponsored by
    IaCMA, and a senior advisor roster hosted in Arizona."""
    national = Association.objects.create(name="National association", short_name="NAT", slug="nat", region="National")
    arizona = Association.objects.create(name="Arizona association", short_name="AZ", slug="az", region="Arizona")
    closed = Program.objects.create(
        name="IaCMA 2023",
        slug="iacma-2023",
        host=other_association,
        deadline=dt.date(2023, 3, 1),
        chair_email="c@i.org",
    )
    network = Program.objects.create(
        name="Coaching network",
        slug="network",
        host=national,
        kind=Program.Kind.ALWAYS_OPEN,
        pairing_mode=Program.PairingMode.GALLERY,
        chair_email="c@n.org",
    )
    network.partners.add(other_association)
    advisors = Program.objects.create(
        name="Senior Advisors",
        slug="advisors",
        host=arizona,
        kind=Program.Kind.ADVISORS,
        pairing_mode=Program.PairingMode.GALLERY,
        requires_agreement=False,
        chair_email="c@a.org",
    )
    return {"cohort": program, "closed": closed, "network": network, "advisors": advisors}


def listed(client, **query) -> set[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return {p.slug for p in response.context["programs"]}


def test_anyone_sees_every_program_of_every_association_without_logging_in(client, programs):
    assert listed(client) == {"2024", "iacma-2023", "network", "advisors"}


def test_filtering_by_association_keeps_what_it_hosts_and_what_it_co_sponsors(client, programs):
    assert listed(client, association="iacma") == {"iacma-2023", "network"}


def test_filtering_by_state_or_region_follows_the_associations_region(client, programs):
    assert listed(client, region="California") == {"2024"}
    assert listed(client, region="Arizona") == {"advisors"}
    assert listed(client, region="Iowa") == {"iacma-2023", "network"}  # co-sponsored by an Iowa association


def test_filtering_by_kind(client, programs):
    assert listed(client, kind="always_open") == {"network"}
    assert listed(client, kind="advisors") == {"advisors"}
    assert listed(client, kind="cohort") == {"2024", "iacma-2023"}


def test_open_now_leaves_out_a_closed_cohort_and_a_program_not_yet_open(client, programs):
    programs["advisors"].opens_on = dt.date.today() + dt.timedelta(days=5)
    programs["advisors"].save()
    assert listed(client, open_now="on") == {"2024", "network"}


def test_filters_combine_and_an_unknown_value_is_ignored_not_an_error(client, programs):
    assert listed(client, association="iacma", kind="cohort") == {"iacma-2023"}
    assert listed(client, association="no-such", kind="nonsense") == {"2024", "iacma-2023", "network", "advisors"}


def test_the_form_is_a_plain_get_form_that_keeps_the_chosen_filters(client, programs):
    page = client.get(URL, {"association": "iacma", "open_now": "on"}).content.decode()
    assert '<form method="get"' in page
    assert '<option value="iacma" selected>' in page
    assert 'name="open_now" id="id_open_now" value="on" checked' in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_each_card_says_how_pairs_form_there(client, programs):
    page = client.get(URL).content.decode()
    assert "The chair matches you" in page
    assert "You choose: once approved, you browse the Mentors Gallery" in page
    assert "You ask an advisor" in page
    assert "Also open to members of IaCMA" in page


def test_the_program_page_says_how_pairing_works_and_what_it_asks(client, programs):
    cohort = client.get(programs["cohort"].get_absolute_url()).content.decode()
    assert "The chair matches you" in cohort
    assert "Term: One year." in cohort
    assert "1 regional and 1 signature event(s)" in cohort
    assert "each pair fills in and signs a Statement of Mutual Understanding" in cohort
    advisors = client.get(programs["advisors"].get_absolute_url()).content.decode()
    assert "You ask an advisor" in advisors
    assert "not give technical consulting" in advisors
    assert "No agreement to sign" in advisors


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"open_now": "on"}).status_code == 200
    return len(captured)


def test_the_directory_costs_the_same_queries_with_1_and_with_20_associations(client, association):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            host = Association.objects.create(name=f"A{i}", short_name=f"A{i}", slug=f"a{i}", region=f"R{i}")
            p = Program.objects.create(
                name=f"P{i}",
                slug=f"p{i}",
                host=host,
                kind=Program.Kind.ALWAYS_OPEN,
                pairing_mode=Program.PairingMode.GALLERY,
                chair_email="c@example.org",
            )
            p.partners.add(association)

    add(1, 0)
    one = _queries(client)
    add(19, 1)
    twenty = _queries(client)
    assert one == twenty == 3  # associations, programs with their host, their partners
