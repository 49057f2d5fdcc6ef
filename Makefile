# Two commands: `make demo` and `make test`. Everything else is a step they use, and
# `make check` is the quick loop while working (lint, types, the tests under a minute).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint format messages venv

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || scripts/apt-ensure python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: venv
	$(BIN)/fairdesk demo

test: venv
	scripts/test

check: venv
	scripts/check

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Run inside the package so each app's strings land in its own catalogue (where it has one);
# the data folder stays the project's, not one under fairdesk/.
messages: venv
	cd fairdesk && FAIRDESK_DATA=$(CURDIR)/var ../$(BIN)/fairdesk manage makemessages -l de --no-obsolete --no-location
	cd fairdesk && FAIRDESK_DATA=$(CURDIR)/var ../$(BIN)/fairdesk manage compilemessages
