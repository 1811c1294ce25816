# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all bench evaluate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

## run the pipeline over corpus/ into out/
run: $(STAMP)
	$(BIN)/nq52extract run corpus/ -o out/

## the test suite (slow runs excluded; they belong to the benchmarks)
test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

## everything, slow fuzzing included
test-all: $(STAMP)
	$(BIN)/python -m pytest

## score the seed corpus against its gold
evaluate: run
	$(BIN)/nq52extract evaluate out/articles.jsonl --gold tests/gold/seeds --clean tests/gold/seeds

clean:
	rm -rf out $(VENV)
