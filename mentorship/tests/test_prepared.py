"""A prepared query reads what its queryset reads, for each request's values, and sees every write at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from applications.factories import ApplicationFactory
from applications.models import Application, Program
from mentorship.prepared import PreparedQuery, ids_in
from pairings.factories import PairingFactory
from pairings.models import Pairing

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: a new connection must prepare again

USER = -7_919_351
SINCE = dt.date(1901, 1, 3)
LONG_AGO = dt.date(2000, 1, 1)  # before every program opens (each is made to open in 2020)

APPLICATIONS = PreparedQuery(
    "test_applications",
    lambda *, user_id, since: (
        Application.objects.filter(applicant_id=user_id, program__opens_on__gte=since)
        .order_by("-program__deadline", "pk")
        .values_list("pk", "status", "program__name", "program__time_zone")
    ),
    user_id=USER,
    since=SINCE,
)
PAIRING = PreparedQuery(
    "test_pairing",
    lambda *, pk: Pairing.objects.select_related("program__host", "mentor", "mentee", "agreement").filter(pk=pk),
    pk=USER,
)

SOME = PreparedQuery(
    "test_some_applications",
    lambda *, ids: Application.objects.filter(pk__in=ids_in(ids)).order_by("pk").values_list("pk", flat=True),
    ids=(USER,),
)


def orm_rows(user_id: int, since: dt.date) -> list[tuple]:
    return list(APPLICATIONS.build(user_id=user_id, since=since))


def test_the_rows_are_the_querysets_for_each_persons_values_converted_as_the_orm_converts_them():
    first, second = ApplicationFactory(), ApplicationFactory()
    ApplicationFactory(applicant=first.applicant)
    Program.objects.update(opens_on=dt.date(2020, 1, 1))
    for person in (first.applicant, second.applicant):
        rows = APPLICATIONS.rows(user_id=person.pk, since=LONG_AGO)
        assert rows == orm_rows(person.pk, LONG_AGO)
        assert {row[0] for row in rows} == set(person.applications.values_list("pk", flat=True))
        assert all(not isinstance(row[3], str) for row in rows)  # a time zone, as the ORM reads it
    assert APPLICATIONS.rows(user_id=first.applicant.pk, since=dt.date(2021, 1, 1)) == []


def test_a_write_is_read_at_once_and_each_call_is_one_query():
    application = ApplicationFactory()
    Program.objects.update(opens_on=dt.date(2020, 1, 1))
    APPLICATIONS.rows(user_id=application.applicant_id, since=LONG_AGO)  # prepares
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    with CaptureQueriesContext(connection) as queries:
        rows = APPLICATIONS.rows(user_id=application.applicant_id, since=LONG_AGO)
    assert [row[1] for row in rows] == [Application.Status.WITHDRAWN]
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXECUTE ")


def test_a_new_connection_prepares_the_statement_again():
    application = ApplicationFactory()
    Program.objects.update(opens_on=dt.date(2020, 1, 1))
    expected = orm_rows(application.applicant_id, LONG_AGO)
    assert expected
    assert APPLICATIONS.rows(user_id=application.applicant_id, since=LONG_AGO) == expected
    connection.close()  # a worker's connection reaches CONN_MAX_AGE, or the server restarted
    assert APPLICATIONS.rows(user_id=application.applicant_id, since=LONG_AGO) == expected


def test_the_models_come_with_their_related_rows_attached_as_select_related_attaches_them(
    django_assert_num_queries,
):
    pairing = PairingFactory()
    PairingFactory()
    (found,) = PAIRING.objects(pk=pairing.pk)
    with django_assert_num_queries(0):
        assert found == pairing
        assert (found.program.host.name, found.mentor.email, found.mentee.email) == (
            pairing.program.host.name,
            pairing.mentor.email,
            pairing.mentee.email,
        )
        assert getattr(found, "agreement", None) is None  # no agreement: known to be missing, not read again
    assert PAIRING.objects(pk=-1) == []


def test_a_stand_in_the_query_does_not_carry_is_refused_rather_than_written_into_its_sql():
    unused = PreparedQuery("test_unused", lambda *, pk, since: Pairing.objects.filter(pk=pk), pk=USER, since=SINCE)
    with pytest.raises(ValueError, match="stand-in is missing"):
        unused.rows(pk=1, since=SINCE)
    with pytest.raises(TypeError):
        PreparedQuery("test_float", lambda *, score: Pairing.objects.filter(score=score), score=0.5)


def test_annotations_are_set_on_the_models_as_the_orm_sets_them():
    pairing = PairingFactory()
    annotated = PreparedQuery(
        "test_annotated",
        lambda *, pk: Pairing.objects.select_related("program").annotate(one=Value(1)).filter(pk=pk),
        pk=USER,
    )
    (found,) = annotated.objects(pk=pairing.pk)
    (built,) = annotated.build(pk=pairing.pk)
    assert (found.one, found.program.name) == (built.one, built.program.name) == (1, pairing.program.name)


def test_a_list_of_ids_of_any_length_is_one_array_of_one_prepared_statement():
    applications = [ApplicationFactory().pk for _ in range(3)]
    for ids in ([], applications[:1], applications, [*applications, USER]):
        with CaptureQueriesContext(connection) as queries:
            found = [pk for (pk,) in SOME.rows(ids=ids)]
        assert found == sorted(set(ids) - {USER})
        assert len(queries) == 1 and queries[0]["sql"].startswith("EXECUTE test_some_applications_")
