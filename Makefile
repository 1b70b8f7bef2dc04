# Two commands do all set-up on a fresh machine (Python 3.11 with venv):
#   make demo   - create .venv, install newscrawl, crawl the bundled demo site
#   make test   - create .venv, install newscrawl with test extras, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/newscrawl: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/newscrawl

.PHONY: install system-packages demo lint test bench throughput
install: $(BIN)/newscrawl

# chromium and redis-server for the report and distributed-mode tests (as root)
system-packages:
	bash scripts/system-packages.sh

demo: install
	$(BIN)/newscrawl demo

# ruff's default rule set of the pinned version (pyproject.toml [tool.ruff])
lint: install
	$(BIN)/ruff check .

# includes a plain `pip install .` into a fresh venv with Python's bundled pip
# (tests/test_packaging.py, marker `install`; `pytest -m "not install"` skips it)
test: install system-packages lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/extraction_quality.py

# end-to-end crawl rate and memory next to plain trafilatura (README figures)
throughput: install
	$(BIN)/python bench/throughput.py --pages 5000
