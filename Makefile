# souverain: `make demo` sets up and runs the demo; `make test` sets up and runs every gate.
VENV := .venv
BIN := $(VENV)/bin
DEMO_HOME ?= .demo-home
DEMO_QUESTION ?= When does the lease for the Berlin office end?

.PHONY: setup demo test lint typecheck unit eval bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(BIN)/souverain --home $(DEMO_HOME) ingest examples/documents/
	$(BIN)/souverain --home $(DEMO_HOME) docs list
	$(BIN)/souverain --home $(DEMO_HOME) ask "$(DEMO_QUESTION)"
	$(BIN)/souverain --home $(DEMO_HOME) audit verify

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

eval: setup
	$(BIN)/souverain --home $(DEMO_HOME) ingest examples/documents/
	$(BIN)/souverain --home $(DEMO_HOME) eval examples/qa.jsonl

clean:
	rm -rf $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
