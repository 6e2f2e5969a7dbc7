"""An association's coaching library (public): the list by kind, a resource's page, and its file."""

from __future__ import annotations

from itertools import groupby

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from associations.models import Association
from resources.models import Resource
from resources.selectors import LISTED

KIND_ORDER = [kind for kind, _ in Resource.Kind.choices]


def resource_list(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.only("pk", "name", "short_name", "slug"), slug=slug)
    resources = sorted(
        association.resources.published().only(*LISTED), key=lambda r: (KIND_ORDER.index(r.kind), r.position, r.title)
    )
    shelves = [(Resource.Kind(kind).label, list(items)) for kind, items in groupby(resources, key=lambda r: r.kind)]
    return render(request, "resources/resource_list.html", {"association": association, "shelves": shelves})


def _published(pk: int) -> Resource:
    return get_object_or_404(Resource.objects.published().select_related("association"), pk=pk)


def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _published(pk)
    return render(request, "resources/resource_detail.html", {"resource": resource})


def resource_file(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file, as an attachment with the type of its checked extension, never rendered in the page."""
    resource = _published(pk)
    content_type = resource.file_content_type
    if content_type is None:
        raise Http404
    try:
        stored = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stored, content_type=content_type, as_attachment=True)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
