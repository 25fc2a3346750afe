# Newsroom: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then echo $$p; break; fi; done)
CHROMIUM ?= /usr/bin/chromium
, := ,
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install lock run test lint format bench clean chromium node

help:
	@echo "make run    set up, start the embedded database, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite (browser tests included)"
	@echo "make lint   ruff, mypy, migrations check, check --deploy, docker-compose config check"
	@echo "make bench  run the benchmarks under bench/"

$(BIN)/python:
	@test -n "$(PYTHON_FOR_VENV)" || { echo "Python 3.12 or newer is needed (python3.12, python3.13 or python3)"; exit 1; }
	$(PYTHON_FOR_VENV) -m venv $(VENV)

# The exact versions of requirements-dev.lock, each checked against its hashes, and
# nothing else (--no-deps): the same set on every machine and in CI. The project itself
# is not installed: it is not a package (packages = []) and runs from this folder.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	@echo "Installing Python dependencies into $(VENV) (first time: about 1-2 minutes, quiet meanwhile)..."
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@echo "Dependencies installed."
	touch $@

install: $(VENV)/.installed

# After changing the ranges in pyproject.toml: the newest versions they allow, for every
# platform, with hashes. The runtime lock (the Dockerfile's) first; the dev lock agrees with it.
lock: install
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes \
		--upgrade --quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
		--generate-hashes --upgrade --quiet -c requirements.lock -o requirements-dev.lock

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Chromium at $(CHROMIUM): install it (apt-get install chromium) or set CHROMIUM=/path"; exit 1; \
		fi; \
	fi

# The embedded PostgreSQL stops when the last process using it exits (Ctrl-C included).
run: install
	$(BIN)/python manage.py migrate --no-input
	NEWSROOM_URL=http://$(HOST):$(PORT)/ $(BIN)/python manage.py load_demo
	@# One scheduled poll, as the cron job or systemd timer of docs/feeds.md runs it: the
	@# demo feed's entries are imported the first time, duplicates after.
	$(BIN)/python manage.py poll_feeds
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

node:
	@if ! command -v node >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's nodejs for the JavaScript unit tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
		else \
			echo "The JavaScript unit tests need Node.js 18 or newer (node --test): install it"; exit 1; \
		fi; \
	fi

# The whole suite measures coverage and fails under the floor in pyproject.toml
# ([tool.coverage.report] fail_under); a run of some tests (PYTEST_ARGS) does not.
test: install chromium node
	node --test tests/js/
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python -m pytest $(if $(PYTEST_ARGS),$(PYTEST_ARGS),--cov)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# Importing the settings starts no database (newsroom/boot.py does, from the entry points).
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run
	@# Django's deployment check with the production switch on, as the image runs (a fresh
	@# throw-away key; nothing connects to the URL). Any warning fails.
	NEWSROOM_PRODUCTION=1 DATABASE_URL=postgresql://check@localhost/check \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	@command -v docker-compose >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; \
		fi; }
	@# The compose file refuses to run without SECRET_KEY; any value lets the check read it.
	SECRET_KEY=lint docker-compose -f docker-compose.yml config -q

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# BENCH_SHORT=1 make bench: shorter runs and smaller data, a few minutes in all.
bench: install chromium
	$(BIN)/python bench/web.py
	$(BIN)/python bench/suggestions_page.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/browser.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/replace.py
	$(BIN)/python bench/bulk_insert.py $(if $(BENCH_SHORT),--sizes 3000$(,)10000)
	$(BIN)/python bench/export.py $(if $(BENCH_SHORT),--annotations 100000)
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/extraction.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
