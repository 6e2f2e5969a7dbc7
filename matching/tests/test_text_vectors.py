"""Matching by meaning in the product: the program option, the vector stored once per application by a task (also
through a real worker), a match run and the gallery multiplying stored vectors, an application without a fresh
vector embedded on the fly for the run, and TF-IDF whenever the option is off or the model is missing."""

from __future__ import annotations

import re
import threading
import time
from io import StringIO

import numpy as np
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.db import close_old_connections

from applications import services
from applications.factories import ApplicationFactory
from applications.models import Application
from applications.tasks import embed_application_text
from matching import gallery_pool, semantic
from matching.scoring import Weights
from matching.selectors import EXPERTISE_LABELS, matching_pool, mentee_facts, mentor_facts, pool_scores
from matching.tests.conftest import approved_mentee, approved_mentor
from matching.text_similarity import mentee_document, mentor_document, text_component
from matching.text_vectors import by_meaning, pool_vectors, stored
from mentorship.celery import app

GOALS = (
    "I freeze up when a councilmember challenges my staff report in public.",
    "Our water rates must rise and I have to explain why at community meetings.",
)
STATEMENTS = (
    "I spent years at the dais briefing elected officials and answering hard questions from the council.",
    "I run a water utility: rate studies, bond financing and explaining increases to residents.",
)


@pytest.fixture
def meaning_pool(program):
    program.text_similarity = "meaning"
    program.save()
    mentors = [approved_mentor(program, statement=text, mentored_before="") for text in STATEMENTS]
    mentees = [approved_mentee(program, goals=text, public_service_interest="") for text in GOALS]
    return program, mentors, mentees


def vector_of(application: Application) -> np.ndarray:
    application.refresh_from_db()
    return semantic.from_bytes(bytes(application.text_vector))


def text_of(application: Application) -> str:
    if application.is_mentor:
        return mentor_document(mentor_facts(application, capacity=0), EXPERTISE_LABELS)
    return mentee_document(mentee_facts(application))


def test_programs_compare_shared_words_until_the_chair_chooses_meaning(program):
    assert program.text_similarity == "words"
    assert not by_meaning(program)
    program.text_similarity = "meaning"
    assert by_meaning(program)


@pytest.mark.django_db
def test_the_task_stores_each_applications_vector_once_without_touching_its_last_change(meaning_pool):
    _, mentors, mentees = meaning_pool
    for application in (*mentors, *mentees):
        Application.objects.filter(pk=application.pk).update(text_vector=b"", text_vector_of="")
        application.refresh_from_db()
        changed = application.updated_at
        assert embed_application_text(application.pk) is True
        assert np.array_equal(vector_of(application), semantic.embed(text_of(application)))
        assert application.text_vector_of == semantic.fingerprint(text_of(application))
        assert application.updated_at == changed  # the gallery's pool is not rebuilt for it
        assert embed_application_text(application.pk) is False  # fresh: not made again


@pytest.mark.django_db
def test_submitting_or_editing_stores_the_vector_and_a_draft_does_not(program, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(program=program, status=Application.Status.DRAFT, goals=GOALS[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save(application=draft, submit=False, actor=draft.applicant)
    draft.refresh_from_db()
    assert draft.text_vector == b"" and draft.text_vector_of == ""
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save(application=draft, submit=True, actor=draft.applicant)
    assert np.array_equal(vector_of(draft), semantic.embed(text_of(draft)))
    draft.goals = GOALS[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save(application=draft, submit=False, actor=draft.applicant)
    assert np.array_equal(vector_of(draft), semantic.embed(text_of(draft)))
    assert draft.text_vector_of == semantic.fingerprint(text_of(draft))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_stores_the_vector_of_a_submitted_application(program):
    draft = ApplicationFactory(program=program, status=Application.Status.DRAFT, goals=GOALS[0])
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            services.application_save(application=draft, submit=True, actor=draft.applicant)  # queued on commit
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not Application.objects.get(pk=draft.pk).text_vector_of:
                time.sleep(0.1)
    finally:
        close_old_connections()
    assert np.array_equal(vector_of(draft), semantic.embed(text_of(draft)))


@pytest.mark.django_db
def test_a_run_multiplies_stored_vectors(meaning_pool):
    program, mentors, mentees = meaning_pool
    # A fresh stored vector is what the run reads: here deliberately another text's, to see it is the one used.
    planted = semantic.embed("Fire service promotion and emergency operations.")
    Application.objects.filter(pk=mentees[0].pk).update(
        text_vector=semantic.to_bytes(planted), text_vector_of=semantic.fingerprint(text_of(mentees[0]))
    )
    pool = matching_pool(program)
    text = pool_scores(program, pool, Weights()).components["text"]
    mentor_vectors = np.array([semantic.embed(text_of(m)) for m in mentors])
    assert np.allclose(text[0], semantic.semantic_component(planted[None, :], mentor_vectors)[0], rtol=0, atol=1e-12)


@pytest.mark.django_db
def test_an_application_without_a_fresh_vector_is_embedded_on_the_fly_for_the_run(meaning_pool):
    program, _, mentees = meaning_pool
    Application.objects.filter(pk=mentees[0].pk).update(text_vector=b"", text_vector_of="")
    stale = semantic.embed("Fire service promotion and emergency operations.")  # made from older text
    Application.objects.filter(pk=mentees[1].pk).update(
        text_vector=semantic.to_bytes(stale), text_vector_of=semantic.fingerprint("older text")
    )
    pool = matching_pool(program)
    assert stored(pool.mentees[0], text_of(pool.mentees[0])) is None
    assert stored(pool.mentees[1], text_of(pool.mentees[1])) is None
    vectors = pool_vectors(program, pool, EXPERTISE_LABELS)
    expected = np.array([semantic.embed(text_of(m)) for m in mentees])
    assert np.array_equal(vectors.mentees, expected)
    text = pool_scores(program, pool, Weights()).components["text"]
    # By meaning, each mentee's right mentor is the one who shares no key word with them but the subject.
    assert text[0, 0] > text[0, 1] and text[1, 1] > text[1, 0]
    assert Application.objects.get(pk=mentees[0].pk).text_vector == b""  # the run stored nothing


@pytest.mark.django_db
def test_words_are_compared_when_the_option_is_off_or_the_model_is_missing(meaning_pool, monkeypatch):
    program, _, _ = meaning_pool
    pool = matching_pool(program)
    by_words = text_component(pool.mentor_facts, pool.mentee_facts, EXPERTISE_LABELS)
    monkeypatch.setattr(semantic, "available", lambda: False)
    assert pool_vectors(program, pool, EXPERTISE_LABELS) is None
    assert np.array_equal(pool_scores(program, pool, Weights()).components["text"], by_words)
    monkeypatch.undo()
    program.text_similarity = "words"
    assert pool_vectors(program, pool, EXPERTISE_LABELS) is None
    assert np.array_equal(pool_scores(program, pool, Weights()).components["text"], by_words)


@pytest.mark.django_db
def test_the_gallery_scores_by_meaning_as_the_run_does_and_rebuilds_when_the_option_changes(meaning_pool):
    program, _, _ = meaning_pool
    gallery_pool._indexes.clear()
    pool = matching_pool(program)
    run = pool_scores(program, pool, Weights())
    index = gallery_pool.mentor_index(program)
    assert index.vectors is not None
    for row, facts in enumerate(pool.mentee_facts):
        total, components = index.score(facts, Weights())
        assert np.allclose(components["text"], run.components["text"][row], rtol=0, atol=1e-12)
        assert np.allclose(total, run.total[row], rtol=0, atol=1e-9)
    by_meaning_key = gallery_pool.pool_version(program).key
    program.text_similarity = "words"
    program.save()
    assert gallery_pool.pool_version(program).key != by_meaning_key
    assert gallery_pool.mentor_index(program).vectors is None


@pytest.mark.django_db
def test_embed_applications_stores_what_is_missing_once(meaning_pool):
    _, mentors, mentees = meaning_pool
    ApplicationFactory(program=meaning_pool[0], status=Application.Status.DRAFT)  # never matched: left alone
    out = StringIO()
    call_command("embed_applications", program=meaning_pool[0].slug, stdout=out)
    assert re.fullmatch(r"text vectors: 4 stored, 0 already fresh, in \d+\.\d s", out.getvalue().strip())
    for application in (*mentors, *mentees):
        assert np.array_equal(vector_of(application), semantic.embed(text_of(application)))
    out = StringIO()
    call_command("embed_applications", stdout=out)
    assert out.getvalue().startswith("text vectors: 0 stored, 4 already fresh")


@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_while_the_task_embeds_waits_for_it_so_the_newer_texts_task_writes_last(program, monkeypatch):
    application = ApplicationFactory(program=program, goals=GOALS[0])
    embedding, finished = threading.Event(), []
    real_embed = semantic.embed

    def slow_embed(text: str):
        embedding.set()
        time.sleep(0.5)  # the edit below is attempted meanwhile
        return real_embed(text)

    monkeypatch.setattr(semantic, "embed", slow_embed)

    def task() -> None:
        try:
            embed_application_text(application.pk)
            finished.append("task")
        finally:
            close_old_connections()

    def edit() -> None:
        try:
            embedding.wait(timeout=20)
            Application.objects.filter(pk=application.pk).update(goals=GOALS[1])
            finished.append("edit")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=task), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert finished == ["task", "edit"]
    application.refresh_from_db()
    assert stored(application, text_of(application)) is None  # the older text's vector: stale, never read
    assert embed_application_text(application.pk) is True  # the edit's own task
    application.refresh_from_db()
    assert np.array_equal(stored(application, text_of(application)), real_embed(text_of(application)))
