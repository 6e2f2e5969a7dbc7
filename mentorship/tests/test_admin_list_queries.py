"""Every list of the admin costs the same queries with 3 rows as with 30: a column, a filter or a link that read one
row at a time (an N+1) would show here, on any list, including one added later (the lists are found in the admin
site, their rows made by each model's factory)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.factories import UserFactory
from mentorship.tests.project import project_apps
from mentorship.tests.test_factories import FACTORIES
from mentorship.tests.test_query_counts import queries_for

pytestmark = pytest.mark.django_db

OUR_APPS = {app.label for app in project_apps()}
FACTORY_OF = {}
for _factory in FACTORIES:
    FACTORY_OF.setdefault(_factory._meta.model, _factory)  # the plain factory of each model, listed first
LISTS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", LISTS, ids=lambda model: model._meta.label)
def test_an_admin_list_costs_the_same_queries_with_3_rows_and_with_30(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    FACTORY_OF[model].create_batch(3)
    few = queries_for(client, url)
    FACTORY_OF[model].create_batch(27)
    many = queries_for(client, url)
    assert model.objects.count() >= 30
    assert few == many, f"{model._meta.label}: {few} queries with 3 rows, {many} with 30"
