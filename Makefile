# Digital Career Loket — `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
TRANSLATIONS := loket/translations

.PHONY: run serve-production test install install-test translations extract-messages chromium benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

# Compiled catalogues (.mo) are built here, never committed; each only when its .po changed.
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
translations: $(CATALOGUES:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics 2>&1 | grep -v '^$$' || true
	@test -f $@

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output --no-wrap .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --no-wrap

# `loket serve` builds or loads the assistant's indexes and answers one question before it
# serves (a separate `loket index` would only start Python once more).
run: install
	$(BIN)/loket init-db --demo-if-empty
	$(BIN)/loket serve --host $(HOST) --port $(PORT)

# Production: gunicorn with gunicorn.conf.py (workers from the core count, warm-up in each worker,
# no client addresses in the logs). Needs LOKET_ENV=production, LOKET_SECRET_KEY, LOKET_BASE_URL, … (README).
serve-production: install
	$(BIN)/loket init-db
	$(BIN)/loket index
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root and apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || sh scripts/install-chromium.sh

test: install-test chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: install
	$(BIN)/python scripts/benchmark_search.py

clean:
	rm -rf $(VENV) instance .pytest_cache
