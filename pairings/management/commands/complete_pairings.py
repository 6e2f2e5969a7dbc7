"""Complete the active pairings whose agreed term has ended. Beat runs the same service daily; safe to rerun."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from pairings.services import complete_pairings


class Command(BaseCommand):
    help = "Complete active pairings whose term ended before today (or --today). Running it twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: object, today: dt.date | None, **options: object) -> None:
        completed = complete_pairings(today=today)
        self.stdout.write(f"{completed} pairing(s) completed.")
