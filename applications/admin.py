from django.contrib import admin

from applications.models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "association", "deadline", "time_zone", "pairing_mode", "chair_email"]
    list_filter = ["pairing_mode", "recommended_frequency"]
    search_fields = ["name", "association", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "association", "description", "chair_email"]}),
        ("Application window", {"fields": ["time_zone", "opens_on", "deadline"]}),
        (
            "Who may apply",
            {
                "fields": [
                    "mentor_min_years",
                    "mentor_requires_full_membership",
                    "allow_eligible_nonmembers",
                    "nonmember_fee",
                ]
            },
        ),
        (
            "How pairs form",
            {"fields": ["pairing_mode", "mentor_max_mentees", "mentee_max_mentors", "exclude_same_organization"]},
        ),
        (
            "The relationship",
            {
                "fields": [
                    "term_months",
                    "term_description",
                    "recommended_frequency",
                    "required_regional_events",
                    "required_signature_events",
                    "requirements",
                ]
            },
        ),
    ]
