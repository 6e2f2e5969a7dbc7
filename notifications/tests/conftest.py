import pytest

from mentorship.celery import app


@pytest.fixture
def eager_tasks():
    """Run queued tasks inline, as a worker would right after the commit (a real worker is tested separately)."""
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_always_eager = False
