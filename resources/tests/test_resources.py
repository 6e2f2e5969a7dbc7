"""The library: public pages, files served as attachments, and where it shows (beside the agreement, on a mentee's
home by area, speed coaching tips), each one query."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse

from associations.factories import AssociationFactory
from mentorship.tests.worlds import pair
from resources import selectors
from resources.factories import ResourceFactory
from resources.models import Resource

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def test_the_library_lists_published_resources_by_kind_and_escapes_them(client, association):
    ResourceFactory(association=association, kind=Resource.Kind.GUIDELINE, title=f"Guide {HOSTILE}")
    ResourceFactory(association=association, title="Career Compass: budgets")
    ResourceFactory(association=association, title="Draft", published=False)
    ResourceFactory(association=AssociationFactory(short_name="FAR"), title="Elsewhere")
    page = client.get(reverse("resources:list", args=[association.slug])).content.decode()
    assert page.index("Coaching guidelines") < page.index("Career Compass: budgets")
    assert "Draft" not in page and "Elsewhere" not in page
    assert HOSTILE not in page and "&lt;script&gt;" in page


def test_an_unpublished_resource_is_not_found(client, association):
    draft = ResourceFactory(association=association, published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_file_is_served_as_an_attachment_with_its_checked_type(client, association, private_storage):
    resource = ResourceFactory(association=association, kind=Resource.Kind.TEMPLATE, body="")
    resource.file.save("agenda.pdf", ContentFile(b"%PDF-1.4 agenda"))
    response = client.get(reverse("resources:file", args=[resource.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 agenda"
    assert "Download the file" in client.get(resource.get_absolute_url()).content.decode()


def test_a_resource_needs_text_a_link_or_a_file(association):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Resource(association=association, title="Empty").full_clean()


def test_a_mentee_reads_articles_on_the_areas_they_asked_help_in(program, mentor, mentee, django_assert_num_queries):
    pair(program, mentor, mentee, expertise=["finance", "strategic_planning"])
    wanted = ResourceFactory(association=program.host, title="Budget season", areas=["finance"])
    ResourceFactory(association=program.host, title="Fire", areas=["fire_ems"])
    ResourceFactory(association=program.host, kind=Resource.Kind.GUIDELINE, areas=["finance"])
    ResourceFactory(association=AssociationFactory(short_name="FAR"), areas=["finance"])
    with django_assert_num_queries(1):
        assert selectors.articles_for_mentee(mentee) == [wanted]
    assert selectors.articles_for_mentee(mentor) == []  # a mentor, not a mentee


def test_the_mentees_home_shows_the_articles(client, program, mentor, mentee):
    pair(program, mentor, mentee, expertise=["finance"])
    ResourceFactory(association=program.host, title=f"Budget season {HOSTILE}", areas=["finance"])
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert "Reading for you" in page and "Budget season &lt;script&gt;" in page
    client.force_login(mentor)
    assert "Reading for you" not in client.get(reverse("home")).content.decode()


def test_the_guidelines_show_beside_the_agreement(client, program, mentor, mentee):
    pairing = pair(program, mentor, mentee)
    ResourceFactory(association=program.host, kind=Resource.Kind.GUIDELINE, title="How to coach well")
    client.force_login(mentee)
    page = client.get(reverse("agreements:agreement", args=[pairing.pk])).content.decode()
    assert "Coaching guidelines" in page and "How to coach well" in page


def test_the_speed_coaching_tips_partial(association, django_assert_num_queries):
    ResourceFactory(association=association, kind=Resource.Kind.SPEED_COACHING_TIPS, title="Ask one question")
    ResourceFactory(association=association, title="An article")
    template = Template("{% load resources_tags %}{% speed_coaching_tips association_id %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"association_id": association.pk}))
    assert "Tips before your round" in html and "Ask one question" in html and "An article" not in html
