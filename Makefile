# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint check test-slow bench install install-dev clients clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python clients
	$(BIN)/pip install --quiet -e '.[dev]'

# The real Akismet clients of tests/compat/test_real_clients.py, installed test-locally: the PyPI
# ones apart from the venv (python-akismet's `akismet` package would replace the dev dependency
# of that name), the npm one when npm is there. Debian's Perl and Ruby clients: see .ci/run.
CLIENTS := tests/compat/clients
clients: $(CLIENTS)/.python/pykismet3.py $(CLIENTS)/node_modules/akismet-api/package.json

$(CLIENTS)/.python/pykismet3.py: $(BIN)/python
	$(BIN)/pip install --quiet --target $(CLIENTS)/.python python-akismet==0.4.3 pykismet3==0.1.1

$(CLIENTS)/node_modules/akismet-api/package.json: $(CLIENTS)/package.json
	if command -v npm >/dev/null 2>&1; then cd $(CLIENTS) && npm install --silent --no-audit --no-fund; fi

run: install
	$(BIN)/commentmod serve

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy service models training tests bench

test: lint
	$(BIN)/pytest -q

test-slow: install-dev
	$(BIN)/pytest -q -m slow

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(CLIENTS)/.python $(CLIENTS)/node_modules
