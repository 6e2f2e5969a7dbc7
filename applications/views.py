from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from applications.models import Program


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    recent = Program.objects.filter(deadline__gte=(now - timezone.timedelta(days=2)).date())
    return render(request, "home.html", {"programs": recent.open_at(now)})


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(Program, slug=slug)
    return render(request, "applications/program_detail.html", {"program": program, "is_open": program.is_open()})
