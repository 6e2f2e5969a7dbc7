"""Stand-ins for the dashboard's prepared queries (mentorship.prepared): values no row holds, each of its type."""

from __future__ import annotations

import datetime as dt

PROGRAM = -7_919_461  # no program has a negative id
NOW = dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC)  # no request is made in 1901
TODAY = dt.date(1901, 2, 4)
