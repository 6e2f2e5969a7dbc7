"""An association's coaching library: guidelines, articles, templates, recordings and speed coaching tips.

Each is a link, an uploaded file or text written in the admin. The library is public, like the association's
events: these are publications, not anyone's private papers. Files are served by resources.views with the type of
their checked extension, as attachments."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from applications.vocabulary import Expertise
from associations.models import Association

FILE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
}


class ResourceQuerySet(models.QuerySet):
    def published(self) -> ResourceQuerySet:
        return self.filter(published=True)


class Resource(models.Model):
    class Kind(models.TextChoices):
        GUIDELINE = "guideline", "Coaching guidelines"
        ARTICLE = "article", "Article"
        TEMPLATE = "template", "Template"
        RECORDING = "recording", "Recording"
        SPEED_COACHING_TIPS = "speed_tips", "Speed coaching tips"

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.ARTICLE)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences shown in lists.")
    body = models.TextField(blank=True, help_text="The text itself, when it is not a link or a file. Plain text.")
    url = models.URLField("link", blank=True, help_text="Where it lives (an article, a recording).")
    file = models.FileField(
        upload_to="resources/",
        blank=True,
        validators=[FileExtensionValidator([suffix.lstrip(".") for suffix in FILE_TYPES])],
        help_text="PDF, Word, PowerPoint, Excel or text.",
    )
    areas = ArrayField(
        models.CharField(max_length=40, choices=Expertise),
        default=list,
        blank=True,
        help_text="Areas of expertise an article speaks to: shown on the home of mentees who want help in them.",
    )
    published = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title", "pk"]
        indexes = [models.Index(fields=["association", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.pk])

    def clean(self) -> None:
        if not (self.body or self.url or self.file):
            raise ValidationError("Give the text, a link or a file.")

    @property
    def file_content_type(self) -> str | None:
        if not self.file:
            return None
        return FILE_TYPES.get(PurePath(self.file.name).suffix.lower())

    @property
    def area_labels(self) -> list[str]:
        labels = dict(Expertise.choices)
        return [labels.get(area, area) for area in self.areas]
