from django.core.management.base import BaseCommand

from applications.demo import DEMO_PASSWORD, demo_logins, load_demo
from applications.models import Application, Program


class Command(BaseCommand):
    help = "Load the demo associations, their programs, chair accounts and invented applicants (safe to run again)."

    def handle(self, *args, **options):
        load_demo()
        for program in Program.objects.select_related("host").order_by("host__short_name", "name"):
            count = Application.objects.filter(program=program).count()
            self.stdout.write(f"{program.host.short_name:<14} {program.name} ({program.get_kind_display()}, {count})")
        self.stdout.write(f"Demo logins, password {DEMO_PASSWORD!r} for all:")
        for label, email in demo_logins():
            self.stdout.write(f"  {label:<36} {email}")
