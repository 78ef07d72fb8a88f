# partnergraph: `make demo` builds the sample graph and answers a question; `make test` runs everything.
VENV ?= .venv
PY := $(VENV)/bin/python
PG := $(VENV)/bin/partnergraph
DEMO_DB ?= demo.lbdb
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint train system-deps bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -U pip
	$(VENV)/bin/pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $(TEST_STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_DB) $(DEMO_DB).wal
	$(PG) --db $(DEMO_DB) ingest data/registry data/corpus data/decisions data/articles
	$(PG) --db $(DEMO_DB) stats
	@echo
	@echo "Which firms partner with both МИЭТ and МАИ?"
	$(PG) --db $(DEMO_DB) query common_partners --param a=МИЭТ --param b=МАИ
	@echo
	$(PG) --db $(DEMO_DB) serve

# Java and Maven assemble the Neo4j server (graph/neo4j_server.py); Chromium runs the explorer tests.
system-deps:
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null || ! command -v chromium >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			openjdk-17-jre-headless maven chromium chromium-driver >/dev/null; \
	fi

# ruff and mypy first: a finding fails the test command (and CI) before the suite runs
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint system-deps
	$(PG) neo4j install
	$(PY) -m pytest -q -ra

# the learned extractor, from the corpus's train part (fixed seed; a few minutes)
train: $(STAMP)
	$(PY) -m ingest.learned train

bench: $(STAMP)
	$(PY) bench/bench_load.py --orgs 100000 --links 500000
	$(PY) bench/bench_extract.py --runs 3
	$(PY) bench/bench_api.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB).wal artifacts .pytest_cache
