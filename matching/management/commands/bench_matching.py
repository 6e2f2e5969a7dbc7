"""Time the matching core on invented applicants.

    DEBUG=1 python manage.py bench_matching --mentors 2000 --mentees 2000

Wall time (time.perf_counter) covers scoring every pair, the feasibility mask and the optimal
assignment; making up the applicants is not counted. Peak memory is the peak resident set size
of this whole process (resource.getrusage ru_maxrss) read right after that run, so Python,
Django and the imports are included: it overstates rather than understates. tracemalloc is not
used because it slows every Python allocation and does not see what scipy's C++ allocates.

The comparison then runs the vectorised path and the pure-Python reference (loop scorer plus
greedy assignment) on the same smaller synthetic program. One vectorised run is tens of
milliseconds and jittery, so its time is the median of 5; the reference takes seconds and runs once.

    python manage.py bench_matching --quality

measures instead how well the text component finds the right mentor on the hand-written evaluation set
(matching/evaluation): top-1, top-3 and mean reciprocal rank, and each component's spread within a mentee's row,
by TF-IDF and by meaning (matching/semantic.py; "semantic not installed" without the model).

    python manage.py bench_matching --semantic --mentors 2000 --mentees 2000

times matching by meaning: the model's load and the embedding of one application (what its task does once per
save; the median over the evaluation set's texts, and one text as long as the model reads, on one thread), then
the text component of every pair of the synthetic program from stored vectors (float32 bytes as the database
returns them: checked fresh, read, multiplied) and the whole score matrix with it. Only the evaluation set is
embedded, to keep the run short: the synthetic applications' stored vectors repeat its vectors, which changes no
arithmetic the timing covers.

    python manage.py bench_matching --teams --mentors 200 --mentees 200 --max-mentors 3

times a dream-team run instead (matching/teams.py: up to --max-mentors mentors per mentee, diminishing returns on
the areas they cover, solved exactly by an integer program), beside the same solve with repeats at full credit (a
plain sum of pair scores), and counts how often a mentee's mentors repeat an area in each.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.management.base import BaseCommand, CommandParser

from applications.policy import REPEATED_AREA_CREDIT
from matching import semantic
from matching.assignment import assign
from matching.components import area_cover
from matching.evaluation.quality import evaluation_program, measure
from matching.facts import MenteeFacts, MentorFacts
from matching.reference import greedy_assign, reference_feasible, reference_scores
from matching.scoring import Weights, feasible_mask, score_matrix
from matching.selectors import EXPERTISE_LABELS
from matching.synthetic import synthetic_program
from matching.teams import Areas, assign_teams, team_value
from matching.text_vectors import document, stored

VECTORISED_REPEATS = 5


@dataclass(frozen=True)
class _Stored:
    """An application's stored vector, as `matching.text_vectors.stored` reads it."""

    text_vector: bytes
    text_vector_of: str


def peak_memory_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_optimal(
    mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]
) -> tuple[dict[str, float], list[tuple[int, int]], np.ndarray]:
    """The product's path: vectorised scores, then the exact solver. Returns stage times."""
    started = time.perf_counter()
    scores = score_matrix(mentors, mentees, Weights())
    scored = time.perf_counter()
    feasible = feasible_mask(mentors, mentees, exclude_same_organization=True)
    checked = time.perf_counter()
    pairs = assign(scores.total, [m.capacity for m in mentors], feasible=feasible)
    solved = time.perf_counter()
    stages = {"scoring": scored - started, "feasibility": checked - scored, "assignment": solved - checked}
    return stages, pairs, scores.total


def run_reference(
    mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]
) -> tuple[dict[str, float], list[tuple[int, int]]]:
    """The straightforward path: loop scorer and feasibility, then best-pair-first."""
    started = time.perf_counter()
    scores = reference_scores(mentors, mentees, Weights())
    feasible = reference_feasible(mentors, mentees, exclude_same_organization=True)
    scored = time.perf_counter()
    pairs = greedy_assign(scores, [m.capacity for m in mentors], feasible)
    solved = time.perf_counter()
    return {"scoring": scored - started, "greedy": solved - scored}, pairs


def objective(total: np.ndarray, pairs: Sequence[tuple[int, int]]) -> float:
    return float(sum(total[mentee, mentor] for mentee, mentor in pairs))


def weakest(total: np.ndarray, pairs: Sequence[tuple[int, int]]) -> float:
    return float(min((total[mentee, mentor] for mentee, mentor in pairs), default=0.0))


class Command(BaseCommand):
    help = "Time scoring and optimal matching on synthetic applicants, against the pure-Python reference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=2000)
        parser.add_argument("--mentees", type=int, default=2000)
        parser.add_argument(
            "--reference-size",
            type=int,
            default=500,
            help="Mentors and mentees in the comparison with the pure-Python reference.",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--quality", action="store_true", help="Measure the text component on the evaluation set instead."
        )
        parser.add_argument("--semantic", action="store_true", help="Time matching by meaning instead.")
        parser.add_argument(
            "--teams", action="store_true", help="Time a dream-team run (several mentors per mentee) instead."
        )
        parser.add_argument("--max-mentors", type=int, default=3, help="With --teams: mentors a mentee may have.")

    def handle(self, *args, quality: bool = False, semantic: bool = False, teams: bool = False, **options) -> None:
        if teams:
            self.teams(**options)
        elif quality:
            self.quality()
        elif semantic:
            self.semantic_timing(**options)
        else:
            self.timing(**options)

    def quality(self) -> None:
        methods = {"tfidf": measure(EXPERTISE_LABELS)}
        if semantic.available():
            methods["semantic"] = measure(EXPERTISE_LABELS, by_meaning=True)
        for method, (_, spreads) in methods.items():
            self.stdout.write(
                f"spread within a mentee's row (evaluation set, {method}): "
                + ", ".join(f"{name} {value:.3f}" for name, value in spreads.items())
            )
        found = "; ".join(f"{method} {quality}" for method, (quality, _) in methods.items())
        self.stdout.write(f"matching quality: {found}" + ("" if "semantic" in methods else "; semantic not installed"))

    def embedding_times(self) -> list[np.ndarray]:
        """The model's load, then one application's embedding: the evaluation set's texts (realistic lengths) and
        a text as long as the model reads. Returns the set's vectors."""
        started = time.perf_counter()
        semantic.embed("warm up")
        loaded = time.perf_counter() - started
        mentors, mentees, _ = evaluation_program()
        texts = [document(one, EXPERTISE_LABELS) for one in (*mentors, *mentees)]
        times, cpu_times, vectors = [], [], []
        for text in [*texts, " ".join(texts)]:
            started, cpu_started = time.perf_counter(), time.process_time()
            vectors.append(semantic.embed(text))
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
        pieces = statistics.median(len(semantic.token_ids(text)) for text in texts)
        self.stdout.write(
            f"embedding: model load {loaded:.2f} s; {statistics.median(times[:-1]) * 1000:.1f} ms per application "
            f"({statistics.median(cpu_times[:-1]) * 1000:.1f} ms CPU; median of the evaluation set's {len(texts)}, "
            f"{pieces:.0f} word pieces), {times[-1] * 1000:.0f} ms at {semantic.MAX_TOKENS} word pieces "
            f"({cpu_times[-1] * 1000:.0f} ms CPU); 1 thread"
        )
        return vectors[:-1]

    def semantic_timing(self, *, mentors: int, mentees: int, seed: int, **options) -> None:
        if not semantic.available():
            self.stdout.write("semantic not installed (pip install -r requirements-semantic.txt)")
            return
        vectors = self.embedding_times()
        people = synthetic_program(mentors, mentees, seed=seed)
        texts = [document(one, EXPERTISE_LABELS) for one in (*people[1], *people[0])]
        # What the database returns: each application's vector as bytes, named by its own text.
        rows = [
            _Stored(semantic.to_bytes(vectors[index % len(vectors)]), semantic.fingerprint(text))
            for index, text in enumerate(texts)
        ]
        started = time.perf_counter()
        read = [stored(row, text) for row, text in zip(rows, texts, strict=True)]
        vectors_read = semantic.TextVectors(mentees=np.array(read[:mentees]), mentors=np.array(read[mentees:]), rows={})
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        vectors_read.component()
        multiplied = time.perf_counter() - started
        started = time.perf_counter()
        score_matrix(*people, Weights(), vectors=vectors_read)
        whole = time.perf_counter() - started
        self.stdout.write(
            f"text by meaning {mentors}x{mentees} from stored vectors: {loaded + multiplied:.2f} s "
            f"(read and check fresh {loaded:.2f} s, multiply {multiplied:.2f} s); "
            f"whole score matrix with it {whole:.2f} s; peak {peak_memory_mb():.0f} MB"
        )

    def teams(self, *, mentors: int, mentees: int, seed: int, max_mentors: int, **options) -> None:
        people = synthetic_program(mentors, mentees, seed=seed)
        places = sum(m.capacity for m in people[0])
        self.stdout.write(f"synthetic program: {mentors} mentors ({places} places), {mentees} mentees, seed {seed}")
        started = time.perf_counter()
        weights = Weights()
        total = score_matrix(*people, weights).total
        feasible = feasible_mask(*people, exclude_same_organization=True)
        mentee, cover = area_cover(*people)
        wanted = np.bincount(mentee, minlength=mentees)
        areas = Areas(mentee, cover, weights.active()["expertise"] / wanted[mentee], np.zeros(mentee.size))
        scored = time.perf_counter()
        capacities, room = [m.capacity for m in people[0]], [max_mentors] * mentees
        runs = {}
        for repeat in (REPEATED_AREA_CREDIT, 1.0):
            begun = time.perf_counter()
            pairs = assign_teams(total, capacities, room, feasible=feasible, areas=areas, repeat=repeat)
            runs[repeat] = (pairs, time.perf_counter() - begun)
        pairs, seconds = runs[REPEATED_AREA_CREDIT]
        plain, plain_seconds = runs[1.0]
        begun = time.perf_counter()
        lifted = assign_teams(
            total, capacities, room, feasible=feasible, areas=areas, repeat=REPEATED_AREA_CREDIT, fairness="weakest"
        )
        self.stdout.write(
            f"dream teams, lift the weakest pair: {time.perf_counter() - begun:.2f} s, weakest "
            f"{weakest(total, lifted):.2f} (best team value's {weakest(total, pairs):.2f}), team value "
            f"{team_value(lifted, total, areas, REPEATED_AREA_CREDIT):.2f}"
        )
        for label, found in (("dream teams", pairs), ("plain sum", plain)):
            counts = np.bincount([i for i, _ in found], minlength=mentees)
            self.stdout.write(
                f"{label}: {len(found)} pairs, mentees with 1/2/3+ mentors "
                f"{(counts == 1).sum()}/{(counts == 2).sum()}/{(counts >= 3).sum()}, "
                f"areas repeated within a team {self.repeated(found, areas)}, "
                f"team value {team_value(found, total, areas, REPEATED_AREA_CREDIT):.2f}, "
                f"sum of pair scores {objective(total, found):.2f}"
            )
        self.stdout.write(
            f"dream teams {mentors}x{mentees}, up to {max_mentors} mentors per mentee: solved exactly in "
            f"{seconds:.2f} s (scoring and area cover {scored - started:.2f} s; plain sum {plain_seconds:.2f} s), "
            f"peak {peak_memory_mb():.0f} MB"
        )

    @staticmethod
    def repeated(pairs: Sequence[tuple[int, int]], areas: Areas) -> int:
        """(mentee, area) rows that two or more of the mentee's mentors cover in full."""
        covering = np.zeros(areas.mentee.size)
        for i, j in pairs:
            covering += (areas.mentee == i) & (areas.cover[:, j] >= 1)
        return int((covering >= 2).sum())

    def fairness_timings(
        self,
        mentors: Sequence[MentorFacts],
        mentees: Sequence[MenteeFacts],
        total: np.ndarray,
        best: list[tuple[int, int]],
    ) -> str:
        """The two other fairness choices on the same scores, after the peak above is read (they are not in it)."""
        feasible = feasible_mask(mentors, mentees, exclude_same_organization=True)
        capacities = [m.capacity for m in mentors]
        parts = []
        for fairness, label in (("weakest", "lift the weakest pair"), ("stable", "no pair would rather swap")):
            started = time.perf_counter()
            pairs = assign(total, capacities, feasible=feasible, fairness=fairness)
            seconds = time.perf_counter() - started
            parts.append(
                f"{label} {seconds:.2f} s, total {objective(total, pairs):.2f}, weakest {weakest(total, pairs):.2f}"
            )
        return (
            f"fairness (solve only; best total {objective(total, best):.2f}, weakest {weakest(total, best):.2f}): "
            + "; ".join(parts)
        )

    def timing(self, *, mentors: int, mentees: int, reference_size: int, seed: int, **options) -> None:
        people = synthetic_program(mentors, mentees, seed=seed)
        places = sum(m.capacity for m in people[0])
        self.stdout.write(f"synthetic program: {mentors} mentors ({places} places), {mentees} mentees, seed {seed}")
        stages, pairs, total = run_optimal(*people)
        seconds = sum(stages.values())
        peak = peak_memory_mb()
        timing = ", ".join(f"{name} {value:.2f} s" for name, value in stages.items())
        self.stdout.write(
            f"{mentors}x{mentees}: {timing}; {len(pairs)} mentees matched, total score {objective(total, pairs):.2f}"
        )
        self.stdout.write(f"peak memory: {peak:.0f} MB (peak resident set of this process, ru_maxrss)")
        self.stdout.write(self.fairness_timings(*people, total, pairs))
        del people, pairs, total

        size = reference_size
        small = synthetic_program(size, size, seed=seed)
        runs = [run_optimal(*small) for _ in range(VECTORISED_REPEATS)]
        vectorised = statistics.median(sum(stages.values()) for stages, _, _ in runs)
        _, optimal_pairs, small_total = runs[0]
        reference_stages, greedy_pairs = run_reference(*small)
        reference = sum(reference_stages.values())
        self.stdout.write(
            f"{size}x{size}: vectorised scorer + optimal assignment {vectorised:.3f} s "
            f"(median of {VECTORISED_REPEATS}); pure-Python scorer + greedy {reference:.2f} s "
            f"(scoring {reference_stages['scoring']:.2f} s, greedy {reference_stages['greedy']:.2f} s)"
        )
        optimal_score, greedy_score = objective(small_total, optimal_pairs), objective(small_total, greedy_pairs)
        self.stdout.write(
            f"{size}x{size} objective: optimal {optimal_score:.2f} ({len(optimal_pairs)} pairs), "
            f"greedy {greedy_score:.2f} ({len(greedy_pairs)} pairs)"
        )
        self.stdout.write(
            f"matching {mentors}x{mentees}: {seconds:.2f} s, peak {peak:.0f} MB; "
            f"at {size}x{size} {reference / vectorised:.1f} times faster than the pure-Python reference"
        )
