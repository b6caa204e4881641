# Stoa's commands. `make run` and `make test` are the two a newcomer needs; everything installs itself.
VENV      ?= .venv
PY        := $(VENV)/bin/python
STOA      := $(VENV)/bin/stoa
HOST      ?= 127.0.0.1
PORT      ?= 8000
WORKERS   ?= 2

.PHONY: run test test-fast bench train lint format install install-test browser clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Install, migrate, load the demo content once, and serve on http://$(HOST):$(PORT).
run: install
	$(STOA) demo
	$(STOA) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

## Install what the tests need (Chromium included) and run every test.
test: install-test browser
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pytest

## The tests without the browser ones (quicker while working).
test-fast: install-test
	$(VENV)/bin/pytest -m "not browser"

browser:
	@scripts/ensure-chromium

## Retrain the harm classifier from data/ (progress bars) and rewrite its artifact and metrics.json.
train: install
	$(PY) -m stoa.detection.training

bench: install-test
	$(PY) benchmarks/run_all.py

lint: install-test
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

format: install-test
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) build dist src/*.egg-info test-artifacts
