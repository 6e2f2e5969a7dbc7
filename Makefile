# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test libs format clean bench bench-matching bench-pdf bench-reminders bench-dashboard

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt requirements-semantic.txt | $(VENV)/bin/activate
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

libs:
	@bash scripts/weasyprint_libs.sh

## make run: migrate, load the demo program, start web + Celery worker with beat (Ctrl-C stops all).
run: export DEBUG ?= true
run: $(VENV)/.runtime libs
	$(PY) manage.py create_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py run_jobs  # queues today's reminders; the worker prints them as console emails
	@echo ""
	@echo "  Mentorship is starting on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@echo ""
	$(VENV)/bin/honcho start -f Procfile

## make test: ruff, then the whole suite on PostgreSQL and Redis at 127.0.0.1, in TEST_WORKERS processes
## (pytest-xdist; each has its own test database; `make test TEST_WORKERS=0` runs it in one).
TEST_WORKERS ?= 2
test: $(VENV)/.dev libs
	@bash scripts/check_services.sh
	@bash scripts/browser.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest --create-db -n $(TEST_WORKERS)

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var

## Benchmarks (figures, not tests). They run on PostgreSQL at 127.0.0.1 in a database of their own.
## `make bench-web BENCH_DB=postgres://.../other_db BENCH_REDIS=redis://127.0.0.1:6379/5` runs beside another bench.
BENCH_DB := postgres://postgres@127.0.0.1:5432/mentorship_bench
BENCH_DB_NAME = $(lastword $(subst /, ,$(BENCH_DB)))
BENCH_REDIS := redis://127.0.0.1:6379/3
BENCH_ENV := DEBUG=true DATABASE_URL=$(BENCH_DB)

.PHONY: bench-db
bench-db: $(VENV)/.runtime
	@bash scripts/check_services.sh
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB_NAME)'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres $(BENCH_DB_NAME)
	@$(BENCH_ENV) $(PY) manage.py migrate -v0

bench-matching: $(VENV)/.runtime
	DEBUG=true $(PY) manage.py bench_matching --mentors 2000 --mentees 2000

bench-pdf: $(VENV)/.runtime libs
	DEBUG=true $(PY) manage.py bench_agreement_pdf --count 50

bench-reminders: bench-db
	$(BENCH_ENV) $(PY) manage.py bench_reminders --pairs 10000

bench-dashboard: bench-db
	$(BENCH_ENV) $(PY) manage.py bench_dashboard

.PHONY: bench-uploads
## make bench-uploads: hostile resumes (bombs, broken files, active content, polyglots...) through the apply form.
bench-uploads: $(VENV)/.runtime
	DEBUG=true $(PY) manage.py bench_uploads

.PHONY: bench-publish
## make bench-publish: the admin Publish of 300 pairs with fast and with slow mail (it must not grow with latency).
bench-publish: bench-db
	$(BENCH_ENV) $(PY) manage.py bench_publish --pairs 300 --latency-ms 50

.PHONY: bench-speed-coaching
## make bench-speed-coaching: the speed coaching scheduler on a made-up 60-coach, 250-learner, 6-round session.
bench-speed-coaching: $(VENV)/.runtime
	DEBUG=true $(PY) manage.py bench_speed_coaching --coaches 60 --learners 250 --rounds 6

.PHONY: bench-web
## make bench-web: the ten busiest pages under load, with a write a second in the background (gunicorn on
## PostgreSQL + Redis, wrk on loopback); about 4 minutes.
bench-web: bench-db
	$(PY) scripts/bench_web.py --database-url $(BENCH_DB) --redis-url $(BENCH_REDIS) $(BENCH_WEB_ARGS)

bench: bench-matching bench-pdf bench-reminders bench-dashboard bench-uploads bench-publish bench-speed-coaching
