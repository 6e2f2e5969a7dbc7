"""Application forms. A draft saves whatever is typed; submitting requires every answer and checks eligibility."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from accounts.models import Profile
from applications import eligibility
from applications.models import Application, Program
from applications.resumes import kept, validate_resume
from applications.vocabulary import ContactForm, Expertise, Frequency
from associations.models import Association

REQUIRED = "Please answer this question to submit."
# Answers a new application does not take from the person's last one: which association and membership apply
# depend on the program's sponsors, and a resume is chosen again (each application keeps its own file).
NOT_PREFILLED = frozenset({"association", "membership", "resume"})


class ProfileForm(forms.ModelForm):
    """Contact information, kept on the person's profile and reused by their next application."""

    full_name = forms.CharField(max_length=150, label="Name", widget=forms.TextInput(attrs={"autocomplete": "name"}))

    class Meta:
        model = Profile
        fields = [
            "full_name",
            "organization",
            "title",
            "address",
            "city",
            "state",
            "zip_code",
            "phone",
            "region",
            "jurisdiction_type",
            "jurisdiction_size",
        ]
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "state": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "zip_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
            "title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        labels = {
            "jurisdiction_type": "Type of agency you work for",
            "jurisdiction_size": "Size of the community it serves",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].initial = user.full_name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=False)
        profile.user = self.user
        self.user.full_name = self.cleaned_data["full_name"].strip()
        if commit:
            self.user.save(update_fields=["full_name"])
            profile.save()
        return profile


def _is_blank(value) -> bool:
    # False is an answer ("No"); an empty file field or an empty list is not.
    return value is None or value == "" or value == [] or (hasattr(value, "name") and not value)


def _rule_help(association: Association) -> str:
    return f"{association.short_name}: {association.membership_labels}; {association.nonmember_rule}"


def _union(lists) -> list[tuple[str, str]]:
    """Every membership any sponsor offers, in the vocabulary's order; "not a member" without a fee (each
    association's fee is beside its name)."""
    offered = {value for choices in lists for value, _label in choices}
    return [(value, label) for value, label in Application.Membership.choices if value in offered]


class AssociationSelect(forms.RadioSelect):
    """Each association's radio carries its membership categories and non-member fee, for the page's script."""

    def __init__(self, *args, sponsors: list[Association], **kwargs):
        super().__init__(*args, **kwargs)
        self.sponsors = {sponsor.pk: sponsor for sponsor in sponsors}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        sponsor = self.sponsors.get(getattr(value, "value", value))
        if sponsor is not None:
            option["label"] = f"{sponsor.name} ({sponsor.short_name}): {sponsor.nonmember_rule}"
            option["attrs"]["data-memberships"] = " ".join(
                value for value, _label in eligibility.membership_choices(sponsor)
            )
            option["attrs"]["data-nonmember-fee"] = str(sponsor.nonmember_fee)
        return option


class ApplicationForm(forms.ModelForm):
    """Shared by both roles. `submitting` turns on the checks a submission needs."""

    expertise = forms.MultipleChoiceField(
        choices=Expertise.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    contact_forms = forms.MultipleChoiceField(
        choices=ContactForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Forms of contact you accept",
    )
    frequency = forms.ChoiceField(
        choices=[("", "—"), *Frequency.choices],
        required=False,
        label="Desired frequency of mentoring activities",
    )
    resume = forms.FileField(
        required=False,
        label="Resume (PDF)",
        # A plain input: the stored file's name is private and has no public URL to link to.
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"empty": "This file is empty. Please choose your resume again."},
    )

    role: str
    required_to_submit: tuple[str, ...] = ("membership", "frequency", "contact_forms", "resume")

    def __init__(self, *args, program: Program, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.submitting = submitting
        self.previous_resume = self.instance.resume.name if self.instance.pk else ""
        self.kept_resume: kept.KeptResume | None = None  # from an earlier page that had other errors
        self._accepted_upload: UploadedFile | None = None  # a new upload that passed validation
        self._set_resume_help()
        self._set_association_and_membership()
        self.prefilled_from = self._prefill_from_last_application()
        for name in self.required_to_submit:  # marked as required (templates/bootstrap5/field.html); drafts may skip
            field = self.fields[name]
            field.required_to_submit = True
            if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs["aria-required"] = "true"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _set_association_and_membership(self) -> None:
        """Each association offers its own membership categories and non-member fee. The question "Your
        association" is asked only when the program has partners; else it is the host. Without JavaScript every
        membership any sponsor offers is listed, and choosing one the chosen association does not offer is
        eligibility's to refuse (the form, the service and the import in the same words); the page's script
        narrows the list to the chosen association's."""
        self.sponsors = eligibility.sponsors(self.program)
        membership = self.fields["membership"]
        membership.widget = forms.RadioSelect()
        membership.choices = Application.Membership.choices  # every answer is valid here; eligibility judges it
        membership.required = False
        membership.label = "Membership"
        if len(self.sponsors) == 1:
            del self.fields["association"]
            membership.widget.choices = eligibility.membership_choices(self.program.host)
            membership.help_text = _rule_help(self.program.host)
            return
        association = self.fields["association"]
        association.widget = AssociationSelect(sponsors=self.sponsors)
        association.queryset = Association.objects.filter(pk__in=[sponsor.pk for sponsor in self.sponsors])
        association.choices = [(sponsor.pk, sponsor.name) for sponsor in self.sponsors]  # the host first
        association.required = False
        association.empty_label = None
        association.label = "Your association"
        association.help_text = "The association you are a member of, or, if you are not a member, apply through."
        membership.widget.choices = _union(eligibility.membership_choices(sponsor) for sponsor in self.sponsors)
        offers = "; ".join(f"{sponsor.short_name}: {sponsor.membership_labels}" for sponsor in self.sponsors)
        membership.help_text = f"Each association has its own categories. {offers}."
        if self.instance.association_id is None and not self.is_bound:
            self.initial["association"] = self.program.host_id

    def _prefill_from_last_application(self) -> Application | None:
        """A new application starts from the person's last one in the same role, in any program and year: their
        background answers, shown as typed before and free to change. (Contact details come from the profile.)"""
        if self.instance.pk or self.is_bound or self.instance.applicant_id is None:
            return None
        last = (
            Application.objects.filter(applicant_id=self.instance.applicant_id, role=self.role)
            .exclude(program=self.program)
            .select_related("program")
            .order_by("-updated_at", "-pk")
            .first()
        )
        if last is None:
            return None
        answers = {field.name for field in Application._meta.concrete_fields} - NOT_PREFILLED
        for name in self._meta.fields:
            if name in self.fields and name in answers:
                self.initial[name] = getattr(last, name)
        if "public_agency" in self.fields and last.works_at_public_agency is not None:
            self.initial["public_agency"] = "yes" if last.works_at_public_agency else "no"
        return last

    def _set_resume_help(self) -> None:
        # Help text is escaped unless it is built as HTML: format_html escapes the file name the browser sent.
        limit = f"PDF only, at most {filesizeformat(settings.RESUME_MAX_BYTES)}."
        if self.kept_resume:
            name = self.kept_resume.original_name
            help_text = format_html("<strong>{} (kept)</strong> — choose a file only to replace it. {}", name, limit)
        elif self.previous_resume:
            help_text = f"{limit} A resume is on file; choose a file only to replace it."
        else:
            help_text = limit
        self.fields["resume"].help_text = help_text
        self["resume"].help_text = help_text  # the bound field copies it once, maybe already during cleaning

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        token = self.data.get("kept_resume", "")
        gone = False
        if token:
            try:
                self.kept_resume = kept.kept_from_token(token, user_id=self.instance.applicant_id)
            except kept.KeptResumeGone:
                gone = True
            self._set_resume_help()
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already on record
            validate_resume(upload)
            self._accepted_upload = upload
            return upload
        if gone:
            raise ValidationError(
                "The resume you chose earlier is no longer kept. Please choose the file again.", code="kept_gone"
            )
        return self.kept_resume.content() if self.kept_resume else upload

    def keep_resume(self) -> None:
        """The page goes back with errors: keep a newly accepted upload (in place of one kept before), so the
        next submit needs no new choice of file."""
        if self._accepted_upload is None or self.instance.applicant_id is None:
            return
        if self.kept_resume:
            kept.discard(self.kept_resume.name)
        self.kept_resume = kept.keep(self._accepted_upload, user_id=self.instance.applicant_id)
        self._accepted_upload = None
        self._set_resume_help()

    def clean(self):
        cleaned = super().clean()
        if "association" not in self.fields:
            cleaned["association"] = self.program.host
        elif "association" not in self.errors and cleaned.get("association") is None:
            cleaned["association"] = self.program.host  # no choice sent: the host, as the page preselects
        for problem in eligibility.problems(self.program, self._answers(cleaned), submitting=self.submitting):
            if problem.field not in self.errors:  # a value the field refused is not judged again
                self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        if self.submitting:
            for name in self.required_to_submit:
                if name in self.errors or not _is_blank(cleaned.get(name)):
                    continue
                self.add_error(name, "Please upload your resume as a PDF." if name == "resume" else REQUIRED)
        return cleaned

    def _answers(self, cleaned: dict) -> eligibility.Answers:
        return eligibility.Answers(
            role=self.role,
            membership=cleaned.get("membership") or "",
            association=cleaned.get("association"),
            expertise=cleaned.get("expertise") or (),
            expertise_other=cleaned.get("expertise_other") or "",
            years_experience=cleaned.get("years_experience"),
            capacity=cleaned.get("capacity"),
            works_at_public_agency=cleaned.get("public_agency"),
            public_service_interest=cleaned.get("public_service_interest") or "",
        )


class MentorApplicationForm(ApplicationForm):
    role = Application.Role.MENTOR
    required_to_submit = (
        *ApplicationForm.required_to_submit,
        "years_experience",
        "education",
        "statement",
        "expertise",
        "capacity",
    )

    class Meta:
        model = Application
        fields = [
            "association",
            "membership",
            "years_experience",
            "education",
            "statement",
            "mentored_before",
            "expertise",
            "expertise_other",
            "frequency",
            "preferences",
            "capacity",
            "contact_forms",
            "additional_info",
            "resume",
        ]
        labels = {
            "years_experience": "How many years have you worked in local government / city management?",
            "education": "Your educational background",
            "statement": (
                "Why are you interested in becoming a mentor? How would your experience benefit someone new to the "
                "profession or new to the region?"
            ),
            "mentored_before": "Have you served as a mentor previously? If so, please explain.",
            "expertise": "Your three (3) strongest areas of expertise",
            "preferences": "Any preferences regarding the traits and qualities of the mentee you are paired with?",
            "capacity": "How many mentees can you take?",
            "additional_info": "Optional: anything else you would like to tell us about yourself",
        }
        help_texts = {"statement": "", "preferences": "", "capacity": ""}
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ["education", "statement", "mentored_before", "preferences", "additional_info"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].label = "Your three (3) strongest areas of expertise"
        self.fields["capacity"].help_text = f"At most {self.program.mentor_max_mentees} in this program."
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": self.program.mentor_max_mentees})
        self.fields["years_experience"].widget.attrs["min"] = 0


class MenteeApplicationForm(ApplicationForm):
    role = Application.Role.MENTEE
    public_agency = forms.TypedChoiceField(
        label="Do you work at a public agency?",
        choices=[
            ("yes", "Yes, I work at a public agency (your agency and title are in your contact information)"),
            ("no", "No, but I am interested in public service"),
        ],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )

    required_to_submit = (
        *ApplicationForm.required_to_submit,
        "public_agency",
        "career_stage",
        "goals",
        "expertise",
    )

    class Meta:
        model = Application
        fields = [
            "association",
            "membership",
            "public_agency",
            "public_service_interest",
            "career_stage",
            "goals",
            "expertise",
            "expertise_other",
            "frequency",
            "preferences",
            "contact_forms",
            "mentored_before",
            "additional_info",
            "resume",
        ]
        labels = {
            "public_service_interest": "If not, tell us about your interest in public service",
            "career_stage": "Career stage",
            "goals": "What do you hope to gain from the program? Your goals and expectations",
            "preferences": "Any preferences regarding the traits and qualities of the mentor you are paired with?",
            "mentored_before": "Have you been mentored before? If so, please tell us about it.",
            "additional_info": "Optional: anything else you would like to tell us about yourself",
        }
        help_texts = {"goals": "", "preferences": ""}
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ["public_service_interest", "goals", "preferences", "mentored_before", "additional_info"]
        }

    field_order = Meta.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].label = "Up to three areas you want guidance in"
        if self.instance.works_at_public_agency is not None:
            self.fields["public_agency"].initial = "yes" if self.instance.works_at_public_agency else "no"

    def save(self, commit: bool = True) -> Application:
        self.instance.works_at_public_agency = self.cleaned_data.get("public_agency")
        return super().save(commit=commit)


FORMS = {Application.Role.MENTOR: MentorApplicationForm, Application.Role.MENTEE: MenteeApplicationForm}
