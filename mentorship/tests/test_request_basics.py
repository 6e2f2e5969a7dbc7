"""What every request does before its page: read the session (Redis), read the signed-in person (one prepared
query), write the navigation bar and the static files' URLs. Each is made cheap; each must answer as before."""

from __future__ import annotations

import json
import re

import pytest
from csp.utils import build_policy
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template, TemplateSyntaxError
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from accounts.backends import AuthenticationBackend, ModelBackend
from accounts.factories import UserFactory
from mentorship.static_storage import StaticFilesStorage

pytestmark = pytest.mark.django_db


# The session store: Django's Redis cache, one client per connection pool.


@pytest.fixture
def redis_cache(settings):
    location = settings.REDIS_URL
    with override_settings(
        CACHES={"default": {"BACKEND": "mentorship.redis_cache.RedisCache", "LOCATION": location, "KEY_PREFIX": "t"}}
    ):
        yield caches["default"]
        caches["default"].delete_many(["basics-a", "basics-b"])


def test_the_redis_cache_keeps_one_client_and_answers_as_djangos(redis_cache):
    redis_cache.set("basics-a", {"x": 1}, 30)
    assert redis_cache.get("basics-a") == {"x": 1}
    assert redis_cache.add("basics-a", 2, 30) is False
    redis_cache.set_many({"basics-b": "two"}, 30)
    assert redis_cache.get_many(["basics-a", "basics-b"]) == {"basics-a": {"x": 1}, "basics-b": "two"}
    assert redis_cache.delete("basics-a") is True
    assert redis_cache.get("basics-a", "gone") == "gone"
    client = redis_cache._cache
    assert client.get_client() is client.get_client(write=True)  # one server: one pool, one client


def test_a_signed_in_session_is_read_through_the_redis_cache(redis_cache, client):
    user = UserFactory(email="basics@example.org", full_name="Bea Basics")
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        client.force_login(user)
        assert client.get(reverse("applications:mine")).status_code == 200


# The signed-in person, read through one prepared query.


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_backends_read_the_user_as_djangos_did(backend):
    user = UserFactory(email="reader@example.org", full_name="Rita Reader", is_staff=True)
    found = backend().get_user(user.pk)
    assert (found.pk, found.email, found.full_name, found.is_staff, found.password) == (
        user.pk,
        user.email,
        user.full_name,
        True,
        user.password,
    )
    assert backend().get_user(str(user.pk)).pk == user.pk  # as the session keeps it
    assert backend().get_user(user.pk + 10_000) is None
    user.is_active = False
    user.save()
    assert backend().get_user(user.pk) is None  # may no longer sign in


def test_a_deactivated_account_is_signed_out_on_its_next_request(client):
    user = UserFactory(email="leaver@example.org", full_name="Lee Leaver")
    client.force_login(user)
    assert client.get(reverse("applications:mine")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("applications:mine")).status_code == 302


# The navigation bar.


def nav(html: str) -> str:
    return html.split('id="main-nav">', 1)[1].split("</nav>", 1)[0]


def test_the_navigation_of_someone_signed_out(client):
    bar = nav(client.get(reverse("applications:directory")).content.decode())
    links = re.findall(r'<a class="nav-link" href="([^"]+)"[^>]*>([^<]+)', bar)
    assert links == [
        (reverse("applications:directory"), "Programs"),
        (reverse("account_login"), "Log in"),
        (reverse("account_signup"), "Sign up"),
    ]


def test_the_navigation_of_someone_signed_in_escapes_their_name(client):
    user = UserFactory(email="x@example.org", full_name='<script>alert("n")</script> & Co')
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    bar = nav(html)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt; &amp; Co" in bar
    texts = [text.strip() for text in re.findall(r'class="nav-link"[^>]*>([^<]+)', bar)]
    assert texts[:4] == ["Programs", "To do", "My applications", "My pairings"]
    assert "Events" in texts and "Account" in texts and ">Log out</button>" in bar
    assert "Chair admin" not in texts and "Dashboard" not in texts
    # The current page is marked, the log-out form carries the CSRF token.
    assert re.search(r'href="/#todo-heading" aria-current="page">To do', bar)
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', bar)
    other = nav(client.get(reverse("applications:mine")).content.decode())
    assert "aria-current" not in other


def test_the_chair_sees_the_admin_and_dashboard_links(client, chair):
    client.force_login(chair)
    bar = nav(client.get(reverse("applications:mine")).content.decode())
    assert f'href="{reverse("admin:index")}">Chair admin<' in bar
    assert f'href="{reverse("dashboard:index")}">Dashboard<' in bar


# The static files' URLs.


def test_static_urls_come_from_the_manifest_once_and_a_missing_name_always_raises(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1", "hash": "x"})
    )
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("css/site.css") == storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


# The base template's fixed URLs: as {% static %} and {% url %} write them, kept once.


def test_asset_and_fixed_url_write_what_static_and_url_write():
    fixed = Template("{% load site_nav %}{% asset 'css/site.css' %}|{% asset 'css/site.css' %}|{% fixed_url 'home' %}")
    assert fixed.render(Context()) == f"{static('css/site.css')}|{static('css/site.css')}|{reverse('home')}"
    with override_settings(STATIC_URL="/elsewhere/"):  # a change of the settings is seen, as {% static %} sees it
        assert fixed.render(Context()).startswith("/elsewhere/css/site.css|")
    escaped = Template("{% load site_nav %}{% asset 'a&b.css' %}")
    assert escaped.render(Context()) == static("a&b.css").replace("&", "&amp;")
    assert escaped.render(Context(autoescape=False)) == static("a&b.css")
    with pytest.raises(TemplateSyntaxError, match="one quoted string"):
        Template("{% load site_nav %}{% asset path %}")


# The CSRF token: the page's token passes Django's check, and nothing else does.


def test_a_form_posts_with_the_token_the_page_wrote_and_not_without_it():
    user = UserFactory(email="poster@example.org", full_name="Pat Poster")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(reverse("applications:mine")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)[1]
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
    assert client.post(reverse("account_logout")).status_code == 403
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(reverse("applications:mine")).status_code == 302  # signed out


def test_a_first_visit_gets_a_new_secret_and_its_cookie():
    response = Client().get(reverse("account_login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content.decode())[1]
    assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value


# The Content-Security-Policy header: django-csp's, on every page.


def test_every_page_carries_django_csps_header():
    response = Client().get(reverse("account_login"))
    assert response["Content-Security-Policy"] == build_policy()
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response
