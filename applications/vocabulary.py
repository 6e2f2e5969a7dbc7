"""The programs' shared vocabulary (../shared/PRODUCT.md), used by every app."""

from django.db import models


class Expertise(models.TextChoices):
    FINANCE = "finance", "Finance"
    POLICE = "police", "Police"
    FIRE_EMS = "fire_ems", "Fire/Emergency Medical Services"
    PUBLIC_WORKS = "public_works", "Public Works"
    HUMAN_RESOURCES = "human_resources", "Human Resources"
    MANAGEMENT = "management", "Management"
    INFORMATION_TECHNOLOGY = "information_technology", "Information Technology/Services/Systems"
    ECONOMIC_DEVELOPMENT = "economic_development", "Economic Development"
    ENGINEERING = "engineering", "Engineering"
    COMMUNITY_ENGAGEMENT = "community_engagement", "Democratic Advocacy/Community Engagement"
    COUNCIL_MANAGER_RELATIONS = "council_manager_relations", "Council-Manager Relations"
    EXECUTIVE_STAFF_RELATIONS = "executive_staff_relations", "Executive Staff Relations/Teamwork"
    REFUSE_RECYCLING = "refuse_recycling", "Refuse/Recycling"
    OUTSOURCING = "outsourcing", "Outsourcing of Municipal Services"
    INTERGOVERNMENT_COOPERATION = "intergovernment_cooperation", "Intergovernment Cooperation"
    PERFORMANCE_MEASUREMENT = "performance_measurement", "Performance Measurement"
    STRATEGIC_PLANNING = "strategic_planning", "Strategic Planning"
    WORK_LIFE_BALANCE = "work_life_balance", "Work/Life Balance"
    OTHER = "other", "Other"


# value -> label, built once: `.choices` builds a new list on every call, and lists label a row's areas.
_EXPERTISE_LABELS = dict(Expertise.choices)


def expertise_labels(values: list[str], other: str = "") -> list[str]:
    """The areas' labels in their order, "Other" spelt out when its text is given."""
    labels = [_EXPERTISE_LABELS[value] for value in values if value in _EXPERTISE_LABELS]
    if Expertise.OTHER in values and other:
        labels[labels.index(Expertise.OTHER.label)] = f"Other: {other}"
    return labels


class Frequency(models.TextChoices):
    """Ordered from most to least often; the matching scorer relies on the order."""

    MONTHLY = "monthly", "Monthly"
    EVERY_OTHER_MONTH = "every_other_month", "Every other month"
    QUARTERLY = "quarterly", "Quarterly"
    SEMI_ANNUALLY = "semi_annually", "Semi-annually"


FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.EVERY_OTHER_MONTH: 2,
    Frequency.QUARTERLY: 3,
    Frequency.SEMI_ANNUALLY: 6,
}


class ContactForm(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    EMAIL = "email", "Email"


class MentorRole(models.TextChoices):
    MODEL = "model", "Model"
    GUIDE = "guide", "Guide"
    FEEDBACK = "feedback", "Observe and give feedback"
    DEVELOPMENTAL = "developmental", "Recommend developmental activities"
    FACILITATE = "facilitate", "Facilitate learning"
    RESOURCES = "resources", "Suggest/provide resources"
