"""Student chapters: the public list, a manager's offer, the contact's answer through the emailed link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from accounts.models import User
from chapters import services
from chapters.models import ChapterOffer, StudentChapter
from chapters.tokens import LINK_DAYS, answer_token
from notifications.models import Notice
from notifications.services import opt_out_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/chapters/answer/[^\s/]+/")
NEXT_MONTH = dt.date.today() + dt.timedelta(days=30)


def _schedule(client, token: str, **fields):
    data = {
        "schedule": "1",
        "schedule-date": NEXT_MONTH.isoformat(),
        "schedule-time": "18:30",
        "schedule-place": "Room 210, College of Business",
        "schedule-reply": "",
        **fields,
    }
    return client.post(reverse("chapters:answer", args=[token]), data)


def _path(offer: ChapterOffer) -> str:
    return reverse("chapters:answer", args=[answer_token(offer)])


# The association's list ------------------------------------------------------------------------------------------


def test_the_list_shows_university_program_and_city_and_never_the_contact(client, chapter, association):
    StudentChapter.objects.create(
        association=association,
        university="Closed University",
        program_name="MPA",
        city="Nowhere",
        state="CA",
        contact_name="Gone",
        contact_email="gone@example.edu",
        active=False,
    )
    response = client.get(reverse("chapters:list", args=[association.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "California State University, Long Beach" in content
    assert "Master of Public Administration" in content
    assert "Long Beach, CA" in content
    assert "dana.advisor@csulb.example.edu" not in content
    assert "Dana Advisor" not in content
    assert "Closed University" not in content


def test_the_list_lists_only_its_own_associations_chapters(client, chapter, other_association):
    response = client.get(reverse("chapters:list", args=[other_association.slug]))
    assert "California State University" not in response.content.decode()


def test_the_list_costs_the_same_queries_for_one_chapter_or_twenty(
    client, chapter, association, django_assert_num_queries
):
    url = reverse("chapters:list", args=[association.slug])
    with django_assert_num_queries(2):
        client.get(url)
    for n in range(19):
        StudentChapter.objects.create(
            association=association,
            university=f"University {n}",
            program_name="MPA",
            city="City",
            state="CA",
            contact_name="C",
            contact_email=f"c{n}@example.edu",
        )
    with django_assert_num_queries(2):
        assert client.get(url).content.decode().count("Make an offer") == 0  # signed out: no offer buttons


# Making an offer ------------------------------------------------------------------------------------------------


def test_a_manager_offers_a_panel_and_the_contact_is_emailed_a_link_once(
    committing_client, chapter, manager, mailoutbox
):
    committing_client.force_login(manager)
    data = {"kind": "panel", "message": "I could join your careers panel.", "suggested_dates": "March 4 or 11"}
    response = committing_client.post(reverse("chapters:offer", args=[chapter.pk]), data)
    committing_client.post(reverse("chapters:offer", args=[chapter.pk]), data)  # a double click

    assert response.status_code == 302
    offer = ChapterOffer.objects.get()
    assert (offer.manager, offer.kind, offer.status) == (manager, "panel", "offered")
    assert [m.to for m in mailoutbox] == [["dana.advisor@csulb.example.edu"]]
    message = mailoutbox[0]
    assert "Robin Manager offers to sit on a panel" in message.subject
    assert "March 4 or 11" in message.body
    assert f"works for {LINK_DAYS} days" in message.body
    link = LINK.search(message.body).group(0)
    assert committing_client.get(link).status_code == 200
    assert Notice.objects.get().key == f"chapter_offer_new:chapter_offer:{offer.pk}:offered"


def test_an_inactive_chapter_takes_no_offer(client, chapter, manager):
    chapter.active = False
    chapter.save()
    client.force_login(manager)
    response = client.post(
        reverse("chapters:offer", args=[chapter.pk]), {"kind": "tour", "message": "Hi", "suggested_dates": "May"}
    )
    assert response.status_code == 404
    assert not ChapterOffer.objects.exists()


def test_a_manager_has_one_open_offer_per_chapter_and_a_few_in_all(chapter, manager, association):
    services.chapter_offer_create(chapter=chapter, manager=manager, kind="panel", message="m", suggested_dates="d")
    with pytest.raises(services.ChapterError, match="already made this chapter an offer"):
        services.chapter_offer_create(chapter=chapter, manager=manager, kind="tour", message="m", suggested_dates="d")
    for n in range(services.MAX_OPEN_OFFERS - 1):
        other = StudentChapter.objects.create(
            association=association,
            university=f"U{n}",
            program_name="MPA",
            city="C",
            state="CA",
            contact_name="C",
            contact_email=f"c{n}@example.edu",
        )
        services.chapter_offer_create(chapter=other, manager=manager, kind="panel", message="m", suggested_dates="d")
    sixth = StudentChapter.objects.create(
        association=association,
        university="U6",
        program_name="MPA",
        city="C",
        state="CA",
        contact_name="C",
        contact_email="c6@example.edu",
    )
    with pytest.raises(services.ChapterError, match="offers waiting for an answer"):
        services.chapter_offer_create(chapter=sixth, manager=manager, kind="tour", message="m", suggested_dates="d")
    assert ChapterOffer.objects.open().filter(manager=manager).count() == services.MAX_OPEN_OFFERS


def test_my_offers_shows_only_the_managers_own(client, offer, outsider, chapter):
    ChapterOffer.objects.create(
        chapter=chapter, manager=outsider, kind="tour", message="Olive's secret offer", suggested_dates="June"
    )
    client.force_login(offer.manager)
    content = client.get(reverse("chapters:mine")).content.decode()
    assert "I could join" not in content  # the message is the contact's to read; the list names the chapter
    assert "California State University, Long Beach: sit on a panel" in content
    assert content.count("Withdraw offer") == 1


# The contact's answer -------------------------------------------------------------------------------------------


def test_the_contact_schedules_it_and_the_manager_is_emailed_the_time_and_place(committing_client, offer, mailoutbox):
    response = _schedule(committing_client, answer_token(offer), **{"schedule-reply": "Bring business cards"})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "scheduled"
    assert (offer.scheduled_date, offer.scheduled_time) == (NEXT_MONTH, dt.time(18, 30))
    assert offer.place == "Room 210, College of Business"
    (message,) = mailoutbox
    assert message.to == ["manager@example.org"]
    assert "scheduled your sit on a panel offer" in message.subject
    assert "Room 210, College of Business" in message.body
    assert "6:30 PM" in message.body
    assert "Bring business cards" in message.body
    assert "dana.advisor@csulb.example.edu" in message.body  # now they arrange it together
    page = committing_client.get(response.url).content.decode()
    assert "Scheduled for" in page
    assert "Accept and schedule" not in page


def test_a_double_click_on_accept_schedules_once_and_sends_one_email(committing_client, offer, mailoutbox):
    token = answer_token(offer)
    _schedule(committing_client, token)
    second = _schedule(committing_client, token, **{"schedule-place": "Somewhere else"})

    assert second.status_code == 302
    offer.refresh_from_db()
    assert offer.place == "Room 210, College of Business"
    assert len(mailoutbox) == 1
    assert Notice.objects.filter(kind="chapter_offer_answered").count() == 1


def test_a_date_in_the_past_is_refused_on_the_field(client, offer):
    response = _schedule(client, answer_token(offer), **{"schedule-date": "2020-01-01"})
    assert response.status_code == 200
    assert "Choose a date from today on." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_the_contact_declines_and_the_manager_is_told(committing_client, offer, mailoutbox):
    url = _path(offer)
    committing_client.post(url, {"decline": "1", "decline-reply": "Our semester is full."})

    offer.refresh_from_db()
    assert offer.status == "declined"
    (message,) = mailoutbox
    assert message.to == ["manager@example.org"]
    assert "declined your offer" in message.subject
    assert "Our semester is full." in message.body
    assert "dana.advisor@csulb.example.edu" not in message.body
    assert "You declined this offer" in committing_client.get(url).content.decode()


def test_the_token_page_shows_its_offer_and_no_other(client, offer, chapter, outsider):
    ChapterOffer.objects.create(
        chapter=chapter, manager=outsider, kind="tour", message="Olive's other offer", suggested_dates="June"
    )
    response = client.get(_path(offer))
    content = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "I could join your careers panel." in content
    assert "Olive" not in content
    assert "manager@example.org" not in content


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another link's salt"])
def test_a_forged_or_damaged_token_gets_a_calm_not_found_page(client, offer, damage):
    token = {
        "garbage": "not-a-real-token",
        "truncated": answer_token(offer)[:-3],
        "another link's salt": opt_out_token(offer.pk, "checkin_due"),  # a real signature, for something else
    }[damage]
    response = _schedule(client, token)
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_an_expired_link_changes_nothing(client, offer):
    token = answer_token(offer)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=LINK_DAYS, hours=1)):
        response = _schedule(client, token)
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_a_link_sent_to_a_former_contact_stops_working(client, offer, chapter):
    token = answer_token(offer)
    chapter.contact_email = "new.advisor@csulb.example.edu"
    chapter.save()
    assert client.get(reverse("chapters:answer", args=[token])).status_code == 404
    assert client.get(_path(offer)).status_code == 200


def test_hostile_text_is_escaped_on_the_page_and_in_the_html_email(committing_client, chapter, manager, mailoutbox):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    manager.full_name = "Eve <b>Bold</b>"
    manager.save()
    committing_client.force_login(manager)
    committing_client.post(
        reverse("chapters:offer", args=[chapter.pk]), {"kind": "tour", "message": hostile, "suggested_dates": hostile}
    )
    offer = ChapterOffer.objects.get()
    html = mailoutbox[0].alternatives[0][0]
    page = committing_client.get(_path(offer)).content.decode()
    for text in (html, page):
        assert "<script>" not in text
        assert "<img" not in text
        assert "<b>Bold</b>" not in text
        assert "&lt;script&gt;" in text
    assert hostile in mailoutbox[0].body  # plain text stays as typed: it is never read as HTML
    committing_client.logout()
    _schedule(committing_client, answer_token(offer), **{"schedule-place": hostile, "schedule-reply": hostile})
    answered_html = mailoutbox[1].alternatives[0][0]
    assert "<script>" not in answered_html and "&lt;script&gt;" in answered_html


# Withdrawing ----------------------------------------------------------------------------------------------------


def test_the_manager_withdraws_before_an_answer_and_the_link_then_says_so(committing_client, offer, mailoutbox):
    committing_client.force_login(offer.manager)
    committing_client.post(reverse("chapters:withdraw", args=[offer.pk]))
    committing_client.logout()
    url = _path(offer)
    after = _schedule(committing_client, answer_token(offer))

    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    assert after.status_code == 302
    assert [m.to for m in mailoutbox] == [["dana.advisor@csulb.example.edu"]]
    assert "withdrew their offer" in mailoutbox[0].subject
    assert "withdrew this offer" in committing_client.get(url).content.decode()


def test_an_answered_offer_cannot_be_withdrawn(client, offer):
    services.chapter_offer_schedule(offer=offer, date=NEXT_MONTH, time=dt.time(18), place="Online")
    client.force_login(offer.manager)
    response = client.post(reverse("chapters:withdraw", args=[offer.pk]), follow=True)
    assert "can no longer be withdrawn: it is scheduled" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "scheduled"


def test_only_the_manager_withdraws_their_offer(offer, outsider):
    with pytest.raises(services.ChapterError):
        services.chapter_offer_withdraw(offer=offer, actor=outsider)
    offer.refresh_from_db()
    assert offer.status == "offered"


# The chairs' admin ----------------------------------------------------------------------------------------------


def test_a_chair_adds_chapters_only_to_their_own_association(client, host_chair, association, other_association):
    client.force_login(host_chair)
    url = reverse("admin:chapters_studentchapter_add")
    form = client.get(url).context["adminform"].form
    assert list(form.fields["association"].queryset) == [association]
    data = {
        "university": "UC Irvine",
        "program_name": "MPA",
        "city": "Irvine",
        "state": "CA",
        "contact_name": "Kim",
        "contact_email": "kim@uci.example.edu",
        "active": "on",
    }
    client.post(url, {**data, "association": other_association.pk})
    assert not StudentChapter.objects.filter(association=other_association).exists()
    assert client.post(url, {**data, "association": association.pk}).status_code == 302
    assert StudentChapter.objects.get(university="UC Irvine").association == association


def test_a_chair_reads_offers_but_never_changes_them(client, host_chair, offer):
    client.force_login(host_chair)
    response = client.post(reverse("admin:chapters_chapteroffer_change", args=[offer.pk]), {"status": "withdrawn"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == "offered"


def _more_chapters_with_offers(association, count: int) -> None:
    for n in range(count):
        chapter = StudentChapter.objects.create(
            association=association,
            university=f"University {n}",
            program_name="MPA",
            city="City",
            state="CA",
            contact_name="C",
            contact_email=f"c{n}@example.edu",
        )
        for manager in User.objects.filter(email__in=["manager@example.org", "outsider@example.org"]):
            ChapterOffer.objects.create(chapter=chapter, manager=manager, kind="tour", message="m", suggested_dates="d")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("manager", reverse_lazy("chapters:mine")),
        ("host_chair", reverse_lazy("admin:chapters_studentchapter_changelist")),
        ("host_chair", reverse_lazy("admin:chapters_chapteroffer_changelist")),
    ],
)
def test_the_offer_and_chapter_lists_cost_the_same_queries_for_one_row_or_twenty(
    client, request, offer, outsider, persona, url
):
    client.force_login(request.getfixturevalue(persona))
    one = _queries(client, url)
    _more_chapters_with_offers(offer.chapter.association, 20)
    assert _queries(client, url) == one


def test_an_accepted_offer_to_mentor_students_as_a_group_says_how_group_mentoring_works(
    committing_client, offer, mailoutbox
):
    offer.kind = ChapterOffer.Kind.GROUP_MENTORING
    offer.save(update_fields=["kind"])
    response = _schedule(committing_client, answer_token(offer))
    (message,) = mailoutbox
    page = committing_client.get(response.url).content.decode()
    said = "each student applies as a mentee, and Robin Manager as a mentor, to a"
    for text in (message.body, message.alternatives[0][0], page):
        assert said in text
        assert "program that allows group mentoring" in text
        assert "one Statement of Mutual Understanding that everyone signs" in text


def test_a_panel_or_a_declined_group_offer_says_nothing_of_group_mentoring(committing_client, offer, mailoutbox):
    _schedule(committing_client, answer_token(offer))  # a panel
    group_offer = ChapterOffer.objects.create(
        chapter=offer.chapter,
        manager=offer.manager,
        kind=ChapterOffer.Kind.GROUP_MENTORING,
        message="I could mentor your students.",
        suggested_dates="This spring",
    )
    committing_client.post(
        reverse("chapters:answer", args=[answer_token(group_offer)]), {"decline": "1", "decline-reply": "Not now"}
    )
    assert len(mailoutbox) == 2
    assert all("group mentoring" not in m.body for m in mailoutbox)
