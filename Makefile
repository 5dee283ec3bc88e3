# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint check test-slow test-newest bench install install-dev lock clients clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are the locked, hash-checked set (requirements*.lock, made by `make lock`); the
# project itself goes on top without dependencies.
install: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .

install-dev: $(BIN)/python clients
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .

# Re-resolve the locks after changing pyproject.toml's dependencies (needs PyPI).
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		-q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes -q -o requirements-dev.lock

# The newest versions pyproject.toml allows, in a venv of their own, against the fast tests:
# what would break a fresh unlocked install today. Prints what changed from the lock.
NEWEST := .venv-newest
test-newest:
	rm -rf $(NEWEST) && $(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/pip install --quiet --upgrade pip
	$(NEWEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	$(NEWEST)/bin/pip freeze --exclude-editable | sort > $(NEWEST)/freeze.txt
	grep -E '^[A-Za-z0-9_.-]+==' requirements-dev.lock | sed 's/ .*//' | sort \
		| diff - $(NEWEST)/freeze.txt > $(NEWEST)/changed.txt || true
	@echo "test-newest: versions that differ from requirements-dev.lock (< lock, > newest):"
	@cat $(NEWEST)/changed.txt
	$(NEWEST)/bin/pytest -q -m 'not slow' -x

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
