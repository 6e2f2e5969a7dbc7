"""An association's student chapters (public), a manager's offers to them, and the contact's answer page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from associations.models import Association
from chapters import services
from chapters.forms import DeclineForm, OfferForm, ScheduleForm
from chapters.models import ChapterOffer, StudentChapter
from chapters.tokens import offer_for_token

# What the public list shows of a chapter: never its contact.
LISTED = ("pk", "association", "university", "program_name", "city", "state")


def chapter_list(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.only("pk", "name", "short_name", "slug"), slug=slug)
    chapters = association.student_chapters.active().only(*LISTED)
    return render(request, "chapters/chapter_list.html", {"association": association, "chapters": chapters})


@login_required
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    listed = StudentChapter.objects.active().select_related("association")
    chapter = get_object_or_404(listed.only(*LISTED, "association__name", "association__slug", "active"), pk=pk)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.chapter_offer_create(chapter=chapter, manager=request.user, **form.cleaned_data)
        except services.ChapterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your offer was sent to the {chapter.university} chapter.")
            return redirect("chapters:mine")
    return render(request, "chapters/offer_form.html", {"chapter": chapter, "form": form})


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    offers = ChapterOffer.objects.filter(manager=request.user).select_related("chapter__association")
    return render(request, "chapters/my_offers.html", {"offers": offers})


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(ChapterOffer.objects.select_related("chapter"), pk=pk, manager=request.user)
    try:
        services.chapter_offer_withdraw(offer=offer, actor=request.user)
    except services.ChapterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your offer was withdrawn; the chapter was told.")
    return redirect("chapters:mine")


@never_cache  # the link is the credential: no shared cache keeps the page
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The chapter contact's page for the one offer the signed link names: schedule it or decline it."""
    offer = offer_for_token(token)
    if offer is None:
        return render(request, "chapters/link_not_valid.html", status=404)
    schedule = ScheduleForm(prefix="schedule")
    decline = DeclineForm(prefix="decline")
    if request.method == "POST" and offer.is_open:
        if "schedule" in request.POST:
            schedule = ScheduleForm(request.POST, prefix="schedule")
            if schedule.is_valid():
                services.chapter_offer_schedule(offer=offer, **schedule.cleaned_data)
                return redirect("chapters:answer", token=token)
        elif "decline" in request.POST:
            decline = DeclineForm(request.POST, prefix="decline")
            if decline.is_valid():
                services.chapter_offer_decline(offer=offer, **decline.cleaned_data)
                return redirect("chapters:answer", token=token)
    elif request.method == "POST":  # a second click, or an answer after a withdrawal: the page says what happened
        return redirect("chapters:answer", token=token)
    context = {"offer": offer, "schedule": schedule, "decline": decline}
    return render(request, "chapters/answer.html", context)
