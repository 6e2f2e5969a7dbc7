import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import jobs


class Command(BaseCommand):
    help = "Run the daily jobs now (all, or the ones named). Safe to repeat: nothing is sent twice."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help=f"Jobs to run; default all of: {', '.join(jobs.JOBS)}")
        parser.add_argument("--at", help="Pretend it is this ISO date-time (for trying things out).")

    def handle(self, *args, names: list[str], at: str | None, **options):
        unknown = set(names) - set(jobs.JOBS)
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(sorted(unknown))}. Known: {', '.join(jobs.JOBS)}")
        now = timezone.now()
        if at:
            try:
                now = dt.datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(f"--at {at!r} is not an ISO date-time, e.g. 2025-01-05T08:00") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        for name in names or jobs.JOBS:
            self.stdout.write(f"{name}: {jobs.job(name)(now)} notice(s) queued")
