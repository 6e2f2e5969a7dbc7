from django.core.management.base import BaseCommand

from applications.demo import DEMO_PASSWORD, PEOPLE, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo program, a chair account and invented applicants (safe to run again)."

    def handle(self, *args, **options):
        program = load_demo()
        self.stdout.write(f"Demo program: {program.name} ({len(PEOPLE)} applicants)")
        self.stdout.write(f"Demo logins, password {DEMO_PASSWORD!r} for all:")
        for label, email in demo_logins():
            self.stdout.write(f"  {label:<34} {email}")
