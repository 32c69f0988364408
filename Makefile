# The two commands of the README: `make run` and `make test`. Each creates .venv from
# pyproject.toml when it is missing (or older than pyproject.toml), so a fresh clone needs nothing else.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint venv test-venv build-deps system-deps node-deps bench clean

run: $(VENV)/.run-installed
	$(VENV)/bin/graphkit build seeds -o output

# in parallel, one test process per core (pytest-xdist): each takes whole test modules, and the Dask
# tests last, together (tests/conftest.py)
test: $(VENV)/.test-installed system-deps node-deps lint
	$(PY) -m pytest -n auto --dist loadgroup --no-loadscope-reorder

# formatting, lint rules and the import layers (pyproject.toml: [tool.ruff], [tool.importlinter])
lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff format --check --quiet graphkit tests benchmarks
	$(VENV)/bin/ruff check --quiet graphkit tests benchmarks
	$(VENV)/bin/lint-imports --no-cache

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python build-deps
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.run-installed

# followthemoney (the ftm extra, in the test extras) needs PyICU, which pip builds from source:
# ICU's headers, pkg-config and a C++ compiler. Installed when we are root on Debian.
build-deps:
	@if command -v g++ >/dev/null 2>&1 && pkg-config --exists icu-uc 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing ICU headers and a C++ compiler to build PyICU (followthemoney, for the ftm tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	else echo "ICU headers or g++ missing and not root on Debian: installing followthemoney may fail (install libicu-dev, pkg-config, g++)"; fi

# Debian's chromium for the browser tests. Installed only when we are root on Debian;
# elsewhere the browser tests skip and name the package to install (under CI=true they fail instead).
system-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium not found and not root on Debian: browser tests will skip (install Debian's chromium)"; fi

# graphology (Gephi Lite's parser) for the export tests, into a local folder.
node-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d tests/js/node_modules/graphology-graphml ] || npm install --prefix tests/js --no-audit --no-fund --silent; \
	else echo "npm not found: graphology tests will skip (install Node.js and npm)"; fi

# make bench CORPUS=articles.jsonl (a JSONL/CSV export or a folder; default: the seeds, too small for real figures)
bench: $(VENV)/.test-installed
	$(PY) benchmarks/throughput.py $(CORPUS)
	$(PY) benchmarks/html_interactive.py

clean:
	rm -rf $(VENV) output/graph.* .graphkit-cache tests/js/node_modules
