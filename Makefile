# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    set up and start the dashboard on the bundled data (http://localhost:8501)
#   make test   set up and run every test (unit, app and browser tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Only this machine can connect; see "Serving and editing safely" in the README to serve others.
ADDRESS ?= localhost

.PHONY: run test lint reader browser-deps office-deps clean

$(BIN)/python:
	@echo "First run: creating the virtual environment in $(VENV) ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip is quiet, so say what is happening: a first install downloads about 800 MB and takes a
# few minutes; later runs skip this step until a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	@echo "Installing the pinned packages (first run: about 800 MB, 2-3 minutes; later runs skip this) ..."
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@echo "Packages installed."
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing the pinned packages and test tools (first run: about 850 MB, 2-4 minutes; later runs skip this) ..."
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@echo "Packages installed."
	touch $@

run: $(VENV)/.runtime
	@bash scripts/build_reader.sh $(BIN)/python --optional
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS)

# The compiled reader of libyaml's events (faster loads); the tests check it against PyYAML's.
reader: | $(BIN)/python
	bash scripts/build_reader.sh $(BIN)/python

browser-deps:
	bash scripts/ensure_chromium.sh

office-deps:
	bash scripts/ensure_office.sh

test: $(VENV)/.dev reader browser-deps office-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy analytics ui pages dashboard.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts analytics/dataset/_libyaml*.so
