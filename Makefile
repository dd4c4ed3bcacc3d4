# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install browser services prepare eval eval-record eval-answers bench clean

run: install
	$(BIN)/legalqa serve

test: install browser services
	$(BIN)/python -m pytest -q

# the loop while working: everything but the real embedding model and the browser, on both cores (under a minute)
test-fast: install
	LEGALQA_FUZZ_EXAMPLES=5 $(BIN)/python -m pytest -q -n 2 -m "not model and not browser and not process"

# torch first, from the CPU build on these machines: installing sentence-transformers
# before it would pull several GB of CUDA packages.
install: $(STAMP)
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium and a CJK font for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Debian's redis-server for the shared rate-limit tests (each test run starts its own on a free port).
services:
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }

prepare: install
	$(BIN)/legalqa prepare

# eval re-runs the ablation and checks every figure against docs/retrieval_expected.yaml;
# eval-record is the only way to change those figures (and the table in docs/retrieval.md).
eval: install
	$(BIN)/legalqa eval --questions ../shared/eval/labour_qa_dev.jsonl --check

eval-record: install
	$(BIN)/legalqa eval --questions ../shared/eval/labour_qa_dev.jsonl --record

# the answer measures of every judged question set and their pooled calibration table, into docs/answers.md
eval-answers: install
	$(BIN)/legalqa eval --answers --write-answers --questions ../shared/eval/labour_qa_dev.jsonl \
		--questions eval/worker_questions.jsonl --questions eval/worker_questions_heldout.jsonl \
		--questions eval/worker_questions_heldout2.jsonl --questions eval/worker_questions_heldout3.jsonl \
		--questions eval/worker_questions_heldout4.jsonl

bench: install
	$(BIN)/legalqa bench

clean:
	rm -rf var .cache
