# wuyebot — two commands on a fresh machine: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
RASA_VENV   := .venv-rasa
PY          := $(VENV)/bin/python
RASA        := $(RASA_VENV)/bin/rasa
PYTHON3     ?= python3
MODEL        = $(shell $(PY) -m bot.devtools.model path)
# Rasa's start-up chatter about TensorFlow and SQLAlchemy 2 is noise here.
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help run train test test-unit test-stories eval bench lint clean venvs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON3) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed as $(PYTHON3) (set PYTHON3=...)"; exit 1; }
	$(PYTHON3) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade 'pip>=25.1'
	$(VENV)/bin/pip install --quiet -e . --group dev
	touch $@

$(RASA_VENV)/.installed: requirements-rasa.txt
	@PY310=$$(tools/find-python310) || { \
	  echo "Rasa 3.6.21 needs Python 3.10, and none was found (python3.10 on PATH, pyenv, uv)."; \
	  echo "Install one, e.g.:  pyenv install 3.10   or   uv python install 3.10   or   apt-get install python3.10-venv"; \
	  exit 1; }; \
	echo "Using Python 3.10 at $$PY310"; \
	$$PY310 -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --quiet --upgrade 'pip<25' wheel
	$(RASA_VENV)/bin/pip install --quiet -r requirements-rasa.txt
	touch $@

venvs: $(VENV)/.installed $(RASA_VENV)/.installed ## Create both environments (.venv: app, .venv-rasa: Rasa)

train: venvs ## Train the model unless config, domain and data are unchanged; prints training time
	@$(PY) -m bot.devtools.model train

run: train ## Start everything on the embedded default and print where to chat
	@$(PY) -m bot.cli run

test: train ## All tests: unit, integration (real Rasa, PostgreSQL, Redis) and conversation tests
	$(PY) -m pytest
	$(MAKE) --no-print-directory test-stories

test-unit: venvs ## Fast unit tests only
	$(PY) -m pytest tests/unit

test-stories: train ## Conversation tests (tests/test_stories.yml), failing on any wrong prediction
	@mkdir -p reports
	@$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors \
	  --out reports/core --no-plot >reports/core-test.log 2>&1 \
	  && echo "Conversation tests passed (report: reports/core)" \
	  || { tail -n 40 reports/core-test.log; cat reports/core/failed_test_stories.yml 2>/dev/null; exit 1; }

eval: venvs ## Train cold (timed); intents on the fresh set, 5-fold CV, old split, beside a baseline; date/amount/unit tables
	@$(PY) -m bot.devtools.nlu_eval

bench: train ## Balance lookup (PostgreSQL, 20,000 units); app vs bare Rasa latency; importing 100,000 bill rows
	@$(PY) -m bot.devtools.bench_db
	@$(PY) -m bot.devtools.bench
	@$(PY) -m bot.devtools.bench_import

lint: venvs ## ruff, and Rasa's own data validation
	$(VENV)/bin/ruff check bot tests nlu_components
	$(RASA) data validate --domain bot/intents --data data --config config.yml

clean: ## Remove models, reports and local state (not the environments)
	rm -rf models reports var .pytest_cache
