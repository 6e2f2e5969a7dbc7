"""Run `pdfscan.py` on an upload in a child interpreter with limits on memory, CPU and wall-clock time.

A fresh interpreter (not a fork of the caller) works the same under gunicorn's sync workers, Celery's prefork
pool and the threaded development server: nothing of the caller's state is inherited, and `subprocess.run`
always reaps the child, killing it first when the time is up, so no zombie is left behind.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("pdfscan.py")


@dataclass(frozen=True)
class Verdict:
    code: str
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return self.code == "ok"


def scan(data: bytes, *, seconds: float, memory_bytes: int) -> Verdict:
    """The child's verdict on `data`; timeout when it ran out of time, too_complex when
    it ran out of memory or CPU, unavailable when it
    could not be started at all."""
    # -I: isolated, so no environment variable or working directory can change what the child imports.
    command = [sys.executable, "-I", str(SCRIPT), str(memory_bytes), str(math.ceil(seconds))]
    try:
        done = subprocess.run(
            command,
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=seconds,
            env={},
            cwd="/",
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Verdict("timeout", f"checking took more than {seconds:g} s")
    except OSError as error:
        return Verdict("unavailable", str(error))
    if done.returncode != 0:  # killed by a limit (negative: the signal) or a crash the script did not catch
        return Verdict("too_complex" if done.returncode < 0 else "damaged", f"checker exited {done.returncode}")
    try:
        answer = json.loads(done.stdout)
        return Verdict(str(answer["verdict"]), str(answer.get("detail", "")))
    except (ValueError, KeyError, TypeError):
        return Verdict("damaged", "checker gave no verdict")
