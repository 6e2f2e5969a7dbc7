from django.core.management.base import BaseCommand

from matching.gallery import gallery_sweep


class Command(BaseCommand):
    help = "Remind mentors of unanswered gallery requests halfway through the window, expire stale ones."

    def handle(self, *args, **options):
        reminded, expired = gallery_sweep()
        self.stdout.write(f"gallery sweep: {reminded} reminded, {expired} expired")
