# Set-up, tests and checks. `make setup` builds .venv from scratch (torch from the CPU wheel on disk).
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
WHEELS := $(wildcard /opt/wheels)
FIND_LINKS := $(if $(WHEELS),--find-links $(WHEELS),)

.PHONY: setup test test-slow test-fast check lint typecheck demo

setup:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install $(FIND_LINKS) torch==2.13.0
	$(PIP) install $(FIND_LINKS) -e '.[dev]'
	$(PIP) install $(FIND_LINKS) --no-deps -r requirements-federated.txt

# The default run leaves out the tests marked `slow` (minutes of real processes); CI runs both.
# It runs one pytest-xdist worker per core, a test file per worker (module fixtures built once);
# `make test PARALLEL=` runs it in one process. The slow target stays serial (its kill timings).
PARALLEL ?= -n auto --dist loadfile
test:
	$(VENV)/bin/pytest -q -m "not slow" $(PARALLEL)

test-slow:
	$(VENV)/bin/pytest -q -m slow

test-fast:
	$(VENV)/bin/pytest -q -m "not integration and not browser and not postgres and not slow"

lint:
	$(VENV)/bin/ruff check underwrite tests
	$(VENV)/bin/ruff format --check underwrite tests

typecheck:
	$(VENV)/bin/mypy underwrite

check: lint typecheck

demo:
	$(VENV)/bin/underwrite demo

# Compliance evaluation: the CI subset (--fast) and the full gate. Both exit non-zero on a missed bar.
.PHONY: eval-fast eval
eval-fast:
	$(VENV)/bin/underwrite eval --fast --gate

eval:
	$(VENV)/bin/underwrite eval --gate
