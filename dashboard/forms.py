"""The chair's forms: duplicate a program, import participants."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core import signing
from django.template.defaultfilters import filesizeformat

from applications.models import Application, Program
from dashboard.duplication import next_year_text
from dashboard.participant_import import IMPORT_STATUSES

MAX_IMPORT_BYTES = 1024 * 1024
PAYLOAD_SALT = "dashboard.import"
PAYLOAD_MAX_AGE = 60 * 60  # a checked file may be imported within the hour


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class DuplicateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the new cohort", help_text='e.g. "2025 Mentorship Program".')
    slug = forms.SlugField(max_length=50, label="Web address name (slug)", help_text="Letters, digits and hyphens.")

    def __init__(self, *args, program: Program, **kwargs):
        kwargs.setdefault(
            "initial", {"name": next_year_text(program.name), "slug": _free_slug(next_year_text(program.slug))}
        )
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Program.objects.filter(slug=slug).exists():
            raise forms.ValidationError("Another program already uses this name in its address.")
        return slug


def _free_slug(slug: str) -> str:
    taken = set(Program.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    if slug not in taken:
        return slug
    return next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}" not in taken)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Participants (CSV file)",
        help_text=f"UTF-8 CSV with a header row, at most {filesizeformat(MAX_IMPORT_BYTES)}.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    status = forms.ChoiceField(
        label="Status of the imported applications",
        choices=[(s, Application.Status(s).label) for s in IMPORT_STATUSES],
        initial=Application.Status.APPROVED,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than {filesizeformat(MAX_IMPORT_BYTES)}.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text: save it as CSV UTF-8 and try again.") from None


class ConfirmImportForm(forms.Form):
    """Carries the checked file back, signed, so the chair imports exactly what the dry run checked."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self) -> dict:
        try:
            data = signing.loads(self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError("This check has expired or was altered; upload the file again.") from None
        if data.get("status") not in IMPORT_STATUSES or not isinstance(data.get("text"), str):
            raise forms.ValidationError("Upload the file again.")
        return data


def sign_payload(*, program: Program, text: str, status: str) -> str:
    return signing.dumps({"program": program.pk, "text": text, "status": status}, salt=PAYLOAD_SALT, compress=True)
