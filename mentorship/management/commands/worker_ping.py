from django.core.management.base import BaseCommand, CommandError

from mentorship.tasks import ping


class Command(BaseCommand):
    help = "Send one task through the broker to a worker and print its reply."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, timeout: float, **options):
        try:
            reply = ping.delay().get(timeout=timeout)
        except Exception as exc:  # a timeout or a broker error: both mean "no worker answered"
            raise CommandError(f"No worker answered within {timeout:g} s ({exc.__class__.__name__}).") from exc
        self.stdout.write(f"{reply['reply']} from {reply['worker']}")
