# The README's two commands, plus eval / bench / lint helpers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo serve test eval bench setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

## Set up, ingest the bundled sample corpus (and ../shared/seeds when present) into ./coopgraph.db, then serve the
## workbench (web UI, REST API /api/v1, docs /docs) at the printed URL until Ctrl-C. Ingest rejects do not stop it.
## Writes (watchlists, POST /api/v1/articles) take $COOPGRAPH_API_TOKEN, or a fresh token printed at start.
demo: $(STAMP)
	-$(BIN)/coopgraph ingest --sample --db coopgraph.db -q $(wildcard ../shared/seeds)
	@token="$${COOPGRAPH_API_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(18))')}"; \
	echo "API token for writes (watchlists on /watch, POST /api/v1/articles): $$token"; \
	COOPGRAPH_API_TOKEN="$$token" exec $(BIN)/coopgraph serve --db coopgraph.db

## An alias of demo.
serve: demo

## Set up and run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Extraction quality against the gold files (fails when a floor in tests/eval_baseline.json drops).
eval: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_eval_gate.py

## Throughput and peak memory (prints articles/s).
bench: $(STAMP)
	$(BIN)/python benchmarks/ingest_bench.py --floor --stages

.PHONY: lint
## Static checks: ruff on all Python in the repo, mypy on the package (both pinned in the dev extra), and no
## module of the package over 600 lines.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src/coopgraph
	@big="$$(find src -name '*.py' -exec wc -l {} + | awk '$$2 != "total" && $$1 > 600')"; \
	if [ -n "$$big" ]; then echo "modules over 600 lines (split them):"; echo "$$big"; exit 1; fi

clean:
	rm -rf $(VENV) coopgraph.db coopgraph.db-wal coopgraph.db-shm
