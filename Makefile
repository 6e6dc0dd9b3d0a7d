# Gongkai: `make run` starts the site with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup browser-deps migrate demo serve bench-check clean

$(VENV)/.deps-installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	@touch $@

setup: $(VENV)/.deps-installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v 0
	PORT=$(PORT) bin/serve

browser-deps:
	@bin/ensure-browser

test: setup browser-deps
	GONGKAI_TESTING=1 $(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var node_modules
