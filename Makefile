# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-layers lint format demo bench messages vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest
	$(MAKE) --no-print-directory test-layers

# Each app's own tests with only the apps below it installed (harbin_portal/settings/layer.py).
test-layers: $(VENV)/.dev-deps
	for app in cities events museum; do \
		PORTAL_LAYER=$$app DJANGO_SETTINGS_MODULE=harbin_portal.settings.layer $(BIN)/pytest -q -m "not browser" $$app || exit 1; \
	done

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo: $(VENV)/.run-deps
	$(BIN)/python manage.py bootstrap --no-demo-accounts
	$(BIN)/python manage.py sample_data

# Needs GNU gettext (apt-get install gettext). The compiled .mo files are committed.
messages: $(VENV)/.dev-deps
	$(BIN)/python manage.py makemessages -l zh_Hans -l ru --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'test-artifacts/*' --ignore 'staticfiles/*' \
		--ignore 'bench-data/*' --ignore '*/tests/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans -l ru --ignore '.venv/*'

# Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/harbin_bench) and wrk.
bench: $(VENV)/.dev-deps
	@command -v wrk >/dev/null || (echo "wrk is needed: apt-get install wrk" && exit 1)
	$(BIN)/python scripts/bench.py

# Browser libraries from npm, copied with their licence into static/vendor/ and committed (make run never needs npm).
vendor:
	npm install --no-audit --no-fund
	rm -rf static/vendor/openseadragon && mkdir -p static/vendor/openseadragon
	cp node_modules/openseadragon/build/openseadragon/openseadragon.min.js* static/vendor/openseadragon/
	cp -r node_modules/openseadragon/build/openseadragon/images static/vendor/openseadragon/
	cp node_modules/openseadragon/LICENSE.txt static/vendor/openseadragon/
	rm -rf static/vendor/jsqr && mkdir -p static/vendor/jsqr
	cp node_modules/jsqr/dist/jsQR.js node_modules/jsqr/LICENSE static/vendor/jsqr/
