"""The chair's library in the admin, scoped to their association (applications/admin_scope.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from applications.vocabulary import Expertise
from resources.models import Resource


class ResourceForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        choices=Expertise.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Resource._meta.get_field("areas").help_text,
    )

    class Meta:
        model = Resource
        fields = ["association", "kind", "title", "summary", "published", "position", "body", "url", "file", "areas"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    association_path = "association"  # scope: applications/admin_scope.py
    form = ResourceForm
    list_display = ["title", "kind", "association", "published", "position", "updated_at"]
    list_filter = ["kind", "published", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["association"]
    search_fields = ["title", "summary"]
    fieldsets = [
        (None, {"fields": ["association", "kind", "title", "summary", "published", "position"]}),
        ("The resource: text, a link or a file", {"fields": ["body", "url", "file"]}),
        ("Articles: areas of expertise", {"fields": ["areas"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Resource, form, change: bool) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
