"""Text private to a pair (mentorship/privacy.py) is unreachable from every admin URL, the dashboard and its files.

A pair's check-in note, pulse comment, thank-you note and gallery messages all carry one marker; the chair then
walks every registered admin (lists, searches, sorts, change, history and delete pages, every action), tries every
query-string lookup that reaches a private field through relations, and downloads the dashboard's page, CSVs and
report. The marker never comes back, and every private lookup is refused with HTTP 400.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.tests.adminwalk import admin_pages, admin_url, registered
from applications.factories import ApplicationFactory
from matching.models import GalleryRequest, MatchRun, Proposal
from mentorship.admin_site import (
    PrivateTextSeal,
    SealedAdminSite,
    check_admins_keep_private_text_out,
    private_configuration,
)
from mentorship.privacy import private_models, private_paths, reaches_private
from pairings import checkins
from pairings import services as pairing_services
from pairings.models import CheckIn, Pairing, PulseResponse

pytestmark = pytest.mark.django_db

MARKER = "Qz7Sealed"  # appears in private text only


@pytest.fixture
def sealed_pair(executed, mentor, mentee, program, chair, django_capture_on_commit_callbacks) -> Pairing:
    """An executed pair that logged a check-in, answered a pulse, traded gallery messages and ended with thanks."""
    pairing = executed.pairing
    Pairing.objects.filter(pk=pairing.pk).update(started_on=timezone.localdate() - dt.timedelta(days=40))
    pairing.refresh_from_db()
    checkins.checkin_log(
        pairing=pairing, actor=mentee, date=timezone.localdate(), form="phone", minutes=30, note=f"{MARKER} note"
    )
    checkins.pulse_answer(pairing=pairing, actor=mentee, round_=0, score=2, comment=f"{MARKER} comment")
    other_mentee = ApplicationFactory(program=program, status="approved")
    GalleryRequest.objects.create(
        program=program,
        mentee_application=other_mentee,
        mentor_application=pairing.mentor_application,
        message=f"{MARKER} request",
        response=f"{MARKER} response",
        status=GalleryRequest.Status.DECLINED,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    run = MatchRun.objects.create(program=program, created_by=chair)
    Proposal.objects.create(
        run=run,
        mentor_application=pairing.mentor_application,
        mentee_application=other_mentee,
        score=0.5,
        reasons=["both in Orange County"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        pairing = pairing_services.pairing_end(
            pairing=pairing, actor=mentee, reason="Moved away", thanks=f"{MARKER} thanks"
        )
    checkins.feedback_give(pairing=pairing, actor=mentee, rating=4, comments="For the chair")
    LogEntry.objects.log_actions(
        user_id=chair.pk,
        queryset=CheckIn.objects.all(),
        action_flag=CHANGE,
        change_message="Looked",
        single_object=True,
    )
    return pairing


@pytest.fixture
def as_chair(client, chair):
    client.force_login(chair)
    return client


@pytest.fixture
def chair_request(chair):
    request = RequestFactory().get("/admin/")
    request.user = chair
    return request


def test_the_registry_names_the_private_text_of_a_pair():
    assert {model.__name__: names for model, names in private_models().items()} == {
        "CheckIn": {"note"},
        "PulseResponse": {"comment"},
        "ThankYouNote": {"message"},
        "GalleryRequest": {"message", "response"},
    }


def test_every_registered_admin_and_its_inlines_are_sealed(chair_request):
    for model, model_admin in registered():
        assert isinstance(model_admin, PrivateTextSeal), model
        for inline in model_admin.get_inline_instances(chair_request):
            assert isinstance(inline, PrivateTextSeal), (model, inline)
        assert private_configuration(model_admin) == [], model
    assert check_admins_keep_private_text_out() == []


def test_every_private_path_from_every_admin_is_refused_with_400(as_chair, chair_request, sealed_pair):
    tried = 0
    for model, model_admin in registered():
        changelist = admin_url(model, "changelist")
        for path in private_paths(model):
            for lookup in (path, f"{path}__regex", f"{path}__startswith", f"{path}__isnull"):
                assert not model_admin.lookup_allowed(lookup, "Q", chair_request), (model, lookup)
            response = as_chair.get(changelist, {f"{path}__startswith": MARKER[0]})
            assert response.status_code == 400, (model, path)
            tried += 1
    assert tried > 1000  # through Pairing, Application, Program and User, not only the fields themselves


def test_the_chair_keeps_filtering_by_program_and_score(as_chair, sealed_pair, program):
    pulses = as_chair.get(admin_url(PulseResponse, "changelist"), {"pairing__program__id__exact": program.pk, "o": 4})
    assert pulses.status_code == 200
    assert pulses.context["cl"].result_count == 1
    assert as_chair.get(admin_url(PulseResponse, "changelist"), {"score": 2}).context["cl"].result_count == 1
    checkin_list = as_chair.get(admin_url(CheckIn, "changelist"), {"form": "phone"})
    assert checkin_list.context["cl"].result_count == 1


def test_a_filter_carried_in_changelist_filters_is_refused_when_applied(as_chair, sealed_pair):
    checkin = CheckIn.objects.get()
    preserved = urlencode({"_changelist_filters": urlencode({"note__startswith": MARKER[0]})})
    change = as_chair.get(admin_url(CheckIn, "change", checkin.pk) + "?" + preserved)
    assert change.status_code == 200 and MARKER not in change.content.decode()
    # The list it links back to applies the filter, and refuses it.
    assert as_chair.get(admin_url(CheckIn, "changelist"), {"note__startswith": MARKER[0]}).status_code == 400


def test_searching_any_admin_for_private_text_finds_nothing(as_chair, chair_request, sealed_pair):
    searched = 0
    for model, model_admin in registered():
        if not model_admin.get_search_fields(chair_request):
            continue
        response = as_chair.get(admin_url(model, "changelist"), {"q": MARKER})
        assert response.status_code == 200, model
        assert response.context["cl"].result_count == 0, model
        searched += 1
        for field_name in model_admin.autocomplete_fields:
            target = model._meta.get_field(field_name).related_model
            query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name}
            found = as_chair.get(reverse("admin:autocomplete"), {**query, "field_name": field_name, "term": MARKER})
            assert found.json()["results"] == [], (model, target)
    assert searched >= 5


def test_no_admin_page_shows_private_text(as_chair, chair_request, sealed_pair):
    opened = 0
    for url in admin_pages(chair_request):
        response = as_chair.get(url)
        assert response.status_code in (200, 403), url
        assert MARKER not in response.content.decode(), url
        opened += response.status_code == 200
    assert opened > 100


def test_no_admin_action_shows_private_text(as_chair, chair_request, sealed_pair):
    ran = 0
    for model, model_admin in registered():
        selected = list(model._default_manager.values_list("pk", flat=True))
        if not selected:
            continue
        for action in model_admin.get_actions(chair_request):
            data = {"action": action, "_selected_action": selected}
            response = as_chair.post(admin_url(model, "changelist"), data, follow=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARKER.encode() not in body, (model, action)
            ran += 1
    assert ran >= 15


def test_the_dashboard_its_csvs_and_its_report_hold_no_private_text(as_chair, sealed_pair, program):
    for name in ("program", "applications_csv", "pairings_csv", "checkins_csv"):
        response = as_chair.get(reverse(f"dashboard:{name}", args=[program.slug]))
        assert response.status_code == 200
        assert MARKER not in response.content.decode(), name
    report = as_chair.get(reverse("dashboard:report_pdf", args=[program.slug]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
    assert "Check-in" in text or "check-in" in text  # the report was read
    assert MARKER not in text


def test_a_new_admin_that_asks_for_private_text_is_sealed_and_named_by_the_check(rf, chair, sealed_pair):
    class CarelessCheckInAdmin(admin.ModelAdmin):
        list_display = ["date", "form", "note"]
        list_editable = ["note"]
        list_filter = ["note", "form"]
        search_fields = ["note", "=pairing__thank_you_note__message"]
        ordering = ["-note"]
        fields = ["date", "note"]

    site = SealedAdminSite(name="careless")
    site.register(CheckIn, CarelessCheckInAdmin)
    model_admin = site._registry[CheckIn]
    request = rf.get("/")
    request.user = chair
    assert model_admin.get_list_display(request) == ["date", "form"]
    assert "note" not in model_admin.get_changelist_formset(request).form.base_fields
    assert model_admin.get_list_filter(request) == ["form"]
    assert model_admin.get_search_fields(request) == []
    assert model_admin.get_ordering(request) == []
    assert "note" not in model_admin.get_form(request, CheckIn.objects.get()).base_fields
    assert not model_admin.lookup_allowed("note__regex", "^A", request)
    assert not model_admin.to_field_allowed(request, "note")
    assert private_configuration(model_admin) == [
        "list_display: note",
        "list_editable: note",
        "list_filter: note",
        "search_fields: note",
        "search_fields: =pairing__thank_you_note__message",
        "ordering: -note",
        "fields: note",
    ]


def test_a_path_reaches_private_text_through_relations_and_prefixes():
    assert reaches_private(Pairing, "checkins__note__regex")
    assert reaches_private(Pairing, "-thank_you_note__message")
    assert reaches_private(ContentType, "logentry__user__applications__pairings_as_mentee__pulses__comment")
    assert not reaches_private(Pairing, "checkins__minutes")
    assert not reaches_private(Pairing, "program__name__icontains")
