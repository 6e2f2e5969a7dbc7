import pytest

from accounts.models import User
from applications.demo import PEOPLE, load_demo
from applications.models import Program

pytestmark = pytest.mark.django_db


def test_demo_loads_a_chair_a_program_and_about_twenty_applicants_and_is_idempotent():
    load_demo()
    load_demo()
    assert Program.objects.count() == 1
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(is_staff=False).count() == len(PEOPLE) >= 20
    assert Program.objects.get().is_open()
