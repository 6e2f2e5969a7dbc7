"""Time the executed agreement's PDF (PDF/A-3b, WeasyPrint).

    DEBUG=1 python manage.py bench_agreement_pdf --count 50

The agreements are unsaved model instances the factories build in memory (`.build()`), so no database is touched
or needed; each has its own names and texts. One render first warms up what every worker pays once (imports, fonts,
the parsed stylesheet); then `render_agreement_pdf` is timed per agreement with time.perf_counter. Peak memory is the
whole process's peak resident set size (resource.getrusage ru_maxrss), so Python, Django and WeasyPrint's
imports are included: it overstates rather than understates.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import resource
import statistics
import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.factories import UNUSABLE_PASSWORD, UserFactory
from agreements.factories import ExecutedAgreementFactory, SignatureFactory
from agreements.models import Agreement, Signature
from applications.factories import ProgramFactory
from applications.models import Program
from applications.vocabulary import ContactForm, Frequency, MentorRole
from associations.factories import AssociationFactory
from pairings.factories import PairingFactory

FIRST_NAMES = ["Rosalind", "Tobias", "Marisol", "Desmond", "Priya", "Jonah", "Imani", "Hollis", "Saoirse", "Kenji"]
LAST_NAMES = ["Vantreese", "Quillfeather", "Okonkwo-Hale", "Arkwright", "Wexford", "Delacroix", "Brightwater"]
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def peak_memory_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # Linux: kB, macOS: bytes


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def executed_agreement(n: int, program: Program) -> tuple[Agreement, list[Signature]]:
    """An executed agreement with two signatures, all built in memory by the factories."""
    mentor_name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}"
    mentee_name = f"{FIRST_NAMES[(n + 3) % len(FIRST_NAMES)]} {LAST_NAMES[(n + 2) % len(LAST_NAMES)]}"
    mentor, mentee = (
        UserFactory.build(full_name=name, password=UNUSABLE_PASSWORD, verified=None)
        for name in (mentor_name, mentee_name)
    )
    pairing = PairingFactory.build(
        program=program,
        mentor_application=None,
        mentee_application=None,
        mentor=mentor,
        mentee=mentee,
        started_on=dt.date(2024, 2, 1),
        history=None,
    )
    agreement = ExecutedAgreementFactory.build(
        pairing=pairing,
        confidentiality="What we discuss stays between us unless we both agree otherwise.\n"
        f"We may tell the chair that we meet and how often (agreement {n}).",
        frequency=Frequency.values[n % len(Frequency.values)],
        contact_forms=ContactForm.values[: 1 + n % len(ContactForm.values)],
        mentor_time=f"About {1 + n % 4} hours a month",
        roles=MentorRole.values[: 1 + n % len(MentorRole.values)],
        additional_points="We will attend one regional and one signature event together. " * (1 + n % 3),
        version=1 + n % 5,
        mentor_signature=None,
        mentee_signature=None,
    )
    signatures = [
        SignatureFactory.build(agreement=agreement, role=role, ip=f"203.0.113.{n % 250}", user_agent=USER_AGENT)
        for role in (Signature.Role.MENTOR, Signature.Role.MENTEE)
    ]
    return agreement, signatures


class Command(BaseCommand):
    help = "Render N executed agreements as PDF/A and print the median and p95 time and the peak memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=50, help="How many agreements to render (timed).")

    def handle(self, *args: object, count: int, **options: object) -> None:
        if count < 1:
            raise CommandError("--count must be at least 1.")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines would drown the result
        from agreements.pdf import render_agreement_pdf  # after quieting it: WeasyPrint logs as it imports

        program = ProgramFactory.build(
            name="2024 Mentorship Program",
            host=AssociationFactory.build(name="Municipal Management Association of Southern California"),
            chair_email="chair@example.org",
            term_description="One year",
        )
        warm_up, warm_up_signatures = executed_agreement(count, program)
        render_agreement_pdf(warm_up, warm_up_signatures)
        times_ms, sizes = [], []
        for n in range(count):
            agreement, signatures = executed_agreement(n, program)
            started = time.perf_counter()
            data = render_agreement_pdf(agreement, signatures)
            times_ms.append((time.perf_counter() - started) * 1000)
            sizes.append(len(data))
        self.stdout.write(
            f"{count} PDFs, {statistics.mean(sizes) / 1024:.0f} kB on average; "
            f"min {min(times_ms):.1f} ms, mean {statistics.mean(times_ms):.1f} ms, max {max(times_ms):.1f} ms"
        )
        self.stdout.write(
            f"agreement pdf: median {statistics.median(times_ms):.1f} ms, "
            f"p95 {percentile(times_ms, 0.95):.1f} ms, peak {peak_memory_mb():.0f} MB"
        )
