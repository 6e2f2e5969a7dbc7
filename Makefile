# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test libs format clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/activate
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

libs:
	@bash scripts/weasyprint_libs.sh

## make run: migrate, load the demo program, start web + Celery worker with beat (Ctrl-C stops all).
run: export DEBUG ?= true
run: $(VENV)/.runtime libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "  Mentorship is starting on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@echo ""
	$(VENV)/bin/honcho start -f Procfile

## make test: ruff, then the whole suite on PostgreSQL and Redis at 127.0.0.1.
test: $(VENV)/.dev libs
	@bash scripts/check_services.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest --create-db

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var
