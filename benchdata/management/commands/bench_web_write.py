"""The background writer of `make bench-web`: one write a second while the pages are measured.

In turn: a paired mentee logs a check-in, a mentee marks or unmarks a favourite in the gallery, someone logs in
(the row a login updates). Each goes through the code the site runs for it, so no cache that such a write
would make stale can hide a page's real cost. Runs until stopped (SIGTERM or Ctrl-C) or for `--seconds`, then
prints how many writes it made. Reads the data `bench_web_seed` built.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import signal
import time

from django.contrib.auth.models import update_last_login
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import User
from applications.vocabulary import ContactForm
from benchdata.management.commands.bench_web_seed import DOMAIN, SLUG
from matching.gallery import favourite_toggle
from pairings.checkins import checkin_log
from pairings.models import Pairing

READY = "bench_web_write: writing"  # printed after the first write: bench-web waits for it


class Command(BaseCommand):
    help = "Write once a second (a check-in, a favourite, a login) to the bench-web data until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between writes.")
        parser.add_argument("--seconds", type=float, default=0, help="Stop after this long (0: when stopped).")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, interval: float, seconds: float, seed: int, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        rng = random.Random(seed)  # noqa: S311 -- synthetic writes
        pairings = list(
            Pairing.objects.filter(program__slug=SLUG, status=Pairing.Status.ACTIVE).select_related(
                "mentee", "mentee_application", "mentor_application"
            )
        )
        if not pairings:
            raise SystemExit("bench_web_write: no bench data; run bench_web_seed first")
        people = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk")[:500])
        writes = itertools.cycle([self._checkin, self._favourite, self._login])
        deadline = time.monotonic() + seconds if seconds else float("inf")
        done = 0
        next_at = time.monotonic()
        while not stopping and time.monotonic() < deadline:
            next(writes)(rng, pairings, people)
            done += 1
            if done == 1:  # started (Django loaded, its data read, a write made): bench-web measures from now on
                self.stdout.write(READY)
                self.stdout.flush()
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        self.stdout.write(f"bench_web_write: {done} writes")

    @staticmethod
    def _checkin(rng: random.Random, pairings: list[Pairing], people: list[User]) -> None:
        today = timezone.localdate()
        pairing = rng.choice([p for p in pairings if p.started_on <= today] or pairings)
        days = max(0, (today - pairing.started_on).days)
        checkin_log(
            pairing=pairing,
            actor=pairing.mentee,
            date=pairing.started_on + dt.timedelta(days=rng.randint(0, days)),
            form=ContactForm.VIDEO,
            minutes=30,
            note="Went through the next budget hearing.",
        )

    @staticmethod
    def _favourite(rng: random.Random, pairings: list[Pairing], people: list[User]) -> None:
        mentee, mentor = rng.choice(pairings).mentee_application, rng.choice(pairings).mentor_application
        favourite_toggle(mentee_application=mentee, mentor_application=mentor)

    @staticmethod
    def _login(rng: random.Random, pairings: list[Pairing], people: list[User]) -> None:
        update_last_login(None, rng.choice(people))  # what django.contrib.auth.login() writes
