# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark
DB ?= data/demo.duckdb
PORT ?= 8501
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SQL_FILES := $(wildcard queries/*/*.sql grassroots/schema/*/*.sql)
# pytest-xdist on every core; tests/scheduling.py makes the units of work (a module each) and their order
XDIST := -n $(JOBS) --dist loadfile
LINT_STAMPS := artifacts/lint

.PHONY: run test suite check unit lint lint-py bench demo system-deps clean

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

# Lint and the whole suite, browser tests included, side by side on every core; fails when either fails.
test: $(STAMP) $(SPARK_STAMP) system-deps
	@$(MAKE) --no-print-directory -j 3 --output-sync=line lint suite

suite: $(STAMP)
	$(PY) -m pytest $(XDIST)

# The fast path while working: lint, unit tests and query contracts (no pages, no browser, nothing slow), the
# linters and the tests side by side; each one's output is shown whole when it ends.
check: $(STAMP)
	@$(MAKE) --no-print-directory -j 3 --output-sync=target lint unit

unit: $(STAMP)
	$(PY) -m pytest $(XDIST) -q -m "not browser and not slow and not apptest"

# ruff, mypy (grassroots/, settings in pyproject.toml) and sqlfluff (queries/ and schema SQL, settings in .sqlfluff).
lint: lint-py $(LINT_STAMPS)/sql.ok

lint-py: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# sqlfluff parses slowly, so it lints again only the SQL files changed since its last clean run (every file
# when .sqlfluff changed or on the first run); mypy keeps its own cache.
$(LINT_STAMPS)/sql.ok: $(SQL_FILES) .sqlfluff | $(STAMP)
	$(VENV)/bin/sqlfluff lint --processes $(JOBS) $(if $(filter .sqlfluff,$?),$(SQL_FILES),$(filter %.sql,$?))
	@mkdir -p $(@D) && touch $@

bench: $(STAMP)
	$(PY) -m grassroots bench

clean:
	rm -rf $(VENV) .pytest_cache artifacts
