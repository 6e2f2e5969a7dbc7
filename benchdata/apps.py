from django.apps import AppConfig


class BenchdataConfig(AppConfig):
    """The synthetic data and background writes of `make bench-web`: it seeds every app at once (people,
    applications, gallery requests, pairings, agreements, a match run), so it belongs to none of them, and the
    project package keeps to settings, URLs and wiring. No models."""

    name = "benchdata"
    verbose_name = "Benchmark data"
