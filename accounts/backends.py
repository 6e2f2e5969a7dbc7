"""How a signed-in person is read on every request: Django's and allauth's backends, with the user read through
one prepared query (mentorship.prepared) instead of a queryset compiled and planned each time.

Every page a signed-in person opens starts by reading them (django.contrib.auth.get_user → the backend's
`get_user`); through the ORM that was about a tenth of a light page's CPU. The answer is the same: the user with
that id, or nobody, and nobody when the account may no longer sign in (`user_can_authenticate`: inactive).
"""

from __future__ import annotations

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from accounts.models import User
from mentorship.prepared import PreparedQuery

USER_BY_ID = PreparedQuery("user_by_id", lambda user_id: User.objects.filter(pk=user_id), user_id=-1)


class _PreparedGetUser:
    def get_user(self, user_id):
        found = USER_BY_ID.objects(user_id=User._meta.pk.to_python(user_id))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_PreparedGetUser, django_backends.ModelBackend):
    """Django's own: the admin's login form (email and password)."""


class AuthenticationBackend(_PreparedGetUser, allauth_backends.AuthenticationBackend):
    """allauth's: the site's sign-in, by email."""
