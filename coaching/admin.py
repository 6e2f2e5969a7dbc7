"""The chair's speed coaching in the admin: sessions with their coaches and learners, "Plan the seating", and a
read-only room board per round (table → coach → learners) on the session's page."""

from __future__ import annotations

from itertools import groupby

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from applications.access import chaired_associations
from coaching import services
from coaching.models import MAX_WISHES, CoachSignup, Feedback, LearnerRegistration, Seat, Session, Wish


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    association_path = "association"  # scope: applications/admin_scope.py
    list_display = ["title", "starts_at", "place", "rounds", "coach_count", "learner_count"]
    list_filter = [("association", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    actions = ["plan_seating"]
    fieldsets = [
        (None, {"fields": ["association", "title", "starts_at", "place"]}),
        ("Rounds and tables", {"fields": ["rounds", "minutes_per_round", "tables", "group_size"]}),
        ("Room board", {"fields": ["room_board"]}),
        ("Feedback", {"fields": ["feedback_summary"]}),
    ]
    readonly_fields = ["room_board", "feedback_summary"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                coach_total=Count("coach_signups", distinct=True),
                learner_total=Count("learner_registrations", distinct=True),
            )
        )

    @admin.display(description="coaches", ordering="coach_total")
    def coach_count(self, session: Session) -> int:
        return session.coach_total

    @admin.display(description="learners", ordering="learner_total")
    def learner_count(self, session: Session) -> int:
        return session.learner_total

    @admin.action(description="Plan the seating", permissions=["change"])
    def plan_seating(self, request: HttpRequest, queryset: QuerySet) -> None:
        for session in queryset:
            try:
                count = services.session_plan_seating(session=session, by=request.user)
            except (PermissionDenied, ValidationError) as refused:
                self.message_user(request, f"{session}: {' '.join(refused.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{session}: {count} seats planned.", messages.SUCCESS)

    @admin.display(description="room board")
    def room_board(self, session: Session) -> SafeString | str:
        if session.pk is None:
            return "Plan the seating to see who sits where."
        links = format_html(
            '<p><a href="{}">The door</a> (walk-ins, no-shows, re-plan) · <a href="{}">Print the room board</a> '
            "(a round a page)</p>",
            reverse("coaching:door", args=[session.pk]),
            reverse("coaching:board", args=[session.pk]),
        )
        seats = Seat.objects.filter(session=session).select_related("coach__user", "learner__user")
        seats = seats.order_by("round", "table", "learner__pk")
        if not seats:
            return links + format_html("<p>{}</p>", "No seats yet: choose “Plan the seating” on the sessions list.")
        return links + format_html_join(
            "",
            "{}",
            ((_round_table(round_, list(in_round)),) for round_, in_round in groupby(seats, key=lambda s: s.round)),
        )

    @admin.display(description="learners' feedback")
    def feedback_summary(self, session: Session) -> SafeString | str:
        """Per coach: how many learners found the conversation useful, and their comments (the chair's to read)."""
        if session.pk is None:
            return "-"
        given = Feedback.objects.filter(coach__session=session).select_related("coach__user")
        by_coach: dict[CoachSignup, list[Feedback]] = {}
        for answer in given.order_by("coach__user__full_name", "pk"):
            by_coach.setdefault(answer.coach, []).append(answer)
        if not by_coach:
            return "No feedback yet: learners give it on their schedule page once the session has started."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: useful to {} of {}{}</li>",
                (
                    (
                        coach.name,
                        sum(a.useful for a in answers),
                        len(answers),
                        format_html_join("", "<br>“{}”", ((a.comment,) for a in answers if a.comment)),
                    )
                    for coach, answers in by_coach.items()
                ),
            ),
        )


def _round_table(round_: int, seats: list[Seat]) -> SafeString:
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (table, at_table[0].coach.name, ", ".join(s.learner.name for s in at_table))
            for table, at_table in ((t, list(group)) for t, group in groupby(seats, key=lambda s: s.table))
        ),
    )
    return format_html(
        '<table class="room-board"><caption>Round {}</caption><thead><tr><th scope="col">Table</th>'
        '<th scope="col">Coach</th><th scope="col">Learners</th></tr></thead><tbody>{}</tbody></table>',
        round_,
        rows,
    )


class WishInline(admin.StackedInline):  # stacked: each field keeps its label (a tabular row has none)
    model = Wish
    extra = 0
    max_num = MAX_WISHES
    fields = ["rank", "coach"]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "coach" and not request.user.is_superuser:
            kwargs["queryset"] = CoachSignup.objects.filter(session__association__in=chaired_associations(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CoachSignup)
class CoachSignupAdmin(admin.ModelAdmin):
    association_path = "session__association"  # scope: applications/admin_scope.py
    list_display = ["user", "session", "rounds_text", "no_show"]
    list_filter = [("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "session"]
    search_fields = ["user__email"]
    fields = ["session", "user", "areas", "rounds", "no_show"]

    @admin.display(description="rounds")
    def rounds_text(self, signup: CoachSignup) -> str:
        return ", ".join(str(r) for r in sorted(signup.rounds))


@admin.register(LearnerRegistration)
class LearnerRegistrationAdmin(admin.ModelAdmin):
    association_path = "session__association"  # scope: applications/admin_scope.py
    list_display = ["learner_name", "session", "no_show"]
    list_filter = [("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "session"]
    search_fields = ["user__email", "user__full_name", "walk_in_name"]
    fields = ["session", "user", "walk_in_name", "areas", "no_show"]

    @admin.display(description="learner", ordering="user__full_name")
    def learner_name(self, registration: LearnerRegistration) -> str:
        return registration.name

    inlines = [WishInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    """Read-only: "Plan the seating" on a session writes the seats."""

    association_path = "session__association"  # scope: applications/admin_scope.py
    list_display = ["session", "round", "table", "coach", "learner"]
    list_filter = [("session", admin.RelatedOnlyFieldListFilter), "round"]
    list_select_related = ["session", "coach__user", "learner__user"]
    fields = ["session", "round", "table", "coach", "learner"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
