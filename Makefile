# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark
DB ?= data/demo.duckdb
PORT ?= 8501
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test check lint bench demo system-deps clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

# pyspark for the two-engine rollup tests (`rollups build --engine spark`); the app itself does not need it
$(SPARK_STAMP): requirements-spark.txt | $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-spark.txt
	@touch $@

$(DB): | $(STAMP)
	$(PY) -m grassroots demo --scale small --db $(DB)

demo: $(STAMP)
	$(PY) -m grassroots demo --scale small --db $(DB) --force

run: $(STAMP) $(DB)
	$(PY) -m grassroots migrate --db $(DB)
	GRASSROOTS_DB=$(DB) $(PY) -m grassroots serve --server.port $(PORT)

# Browser tests need Debian's chromium and CJK fonts, the Spark tests a Java runtime; the script installs them when missing.
system-deps:
	@bash scripts/install_system_deps.sh

# The whole suite, browser tests included, on every core (pytest-xdist; one file stays on one worker).
test: $(STAMP) $(SPARK_STAMP) system-deps lint
	$(PY) -m pytest -n $(JOBS) --dist loadfile

# The fast path while working: lint, unit tests and query contracts (no pages, no browser, nothing slow).
check: $(STAMP) lint
	$(PY) -m pytest -n $(JOBS) -q -m "not browser and not slow and not apptest"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) -m grassroots bench

clean:
	rm -rf $(VENV) .pytest_cache artifacts
