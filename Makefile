# One entry point for both apps. Needs only python3 (>= 3.11) and make. Installs
# with uv: the one on the PATH, else one the Makefile fetches from PyPI into .tools/;
# with python3 -m venv + pip when neither can be had (or NO_UV=1).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The Python the virtualenv is made with: PYTHON=python3.13 once, and the next make
# keeps it (the virtualenv remembers it in .venv/.python); python3 otherwise.
VENV ?= .venv
PYTHON ?= $(or $(shell cat $(VENV)/.python 2>/dev/null),python3)
# The Python a new virtualenv is made with (major.minor); older than 3.11 stops there.
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
BIN := $(VENV)/bin
PY := $(BIN)/python
# The lock file every virtualenv is made from (make upgrade tries a new one first).
LOCK ?= requirements.lock
# uv: on the PATH, or bootstrapped into the project (never system-wide).
TOOLS := .tools
UV_VERSION := uv>=0.13,<0.14
UV := $(or $(shell command -v uv 2>/dev/null),$(abspath $(TOOLS))/bin/uv)
FLASK_PORT ?= 5000
DJANGO_PORT ?= 8000
HOST ?= 127.0.0.1
# gunicorn workers per app for make serve.
WORKERS ?= 2
# The server make test-postgres uses; the tests create and drop their own databases.
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/catalog
# pip-audit asks a vulnerability service about each locked package at its version:
# PyPI's JSON API, or OSV's when PyPI's does not answer.
AUDIT_PYPI := https://pypi.org/pypi/pip/24.0/json
AUDIT_OSV := https://api.osv.dev/v1/vulns/PYSEC-2023-228
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k listing -x".
PYTEST_ARGS ?=
# The in-process suite runs on every core (pytest-xdist); PARALLEL= runs it serially.
PARALLEL ?= -n auto
# Every test process (xdist workers, the processes tests start, gunicorn under
# test-live) keeps the bytecode it compiles, and pytest its rewritten asserts, under
# var/pycache, even where PYTHONDONTWRITEBYTECODE is set (as on many CI machines and
# Docker images): otherwise each compiles Django, SQLAlchemy, schemathesis... from
# source again, about 6 s of CPU a process.
PYCACHE := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache
PYTEST := $(PYCACHE) $(PY) -m pytest $(PYTEST_ARGS)
# The shared suite; the browser, concurrency, fault and fuzzing tests have their own targets.
SUITE := -m "not browser and not a11y and not observatory and not concurrency and not fuzz and not faults and not scale and not clients"
# schemathesis examples per API operation (and scenarios) for make fuzz.
FUZZ_EXAMPLES ?= 100
# Where make screenshots saves the product lists.
SCREENSHOT_DIR ?= docs/screenshots

FLASK := DEBUG=1 $(BIN)/flask --app flask_app
MANAGE := DEBUG=1 $(PY) django_app/manage.py
PROD_FLASK := DEBUG=0 $(BIN)/flask --app flask_app
PROD_MANAGE := DEBUG=0 $(PY) django_app/manage.py
# No control socket: gunicorn 27's default is one path for every server of the user
# (~/.gunicorn/gunicorn.ctl), so the second app's master logged an ERROR.
GUNICORN := DEBUG=0 $(BIN)/gunicorn --workers $(WORKERS) --access-logfile - --no-control-socket
# One line at start when the workers cannot share what they count (make serve).
define note-without-redis
{ [ -n "$$REDIS_URL" ] || [ "$(WORKERS)" = 1 ] || echo "Note: without REDIS_URL each" \
	"of the $(WORKERS) gunicorn workers counts sign-in failures on its own (so" \
	"$(WORKERS) times the limit in all) and keeps no cache of reads: set" \
	"REDIS_URL=redis://127.0.0.1:6379/0 to share them."; }
endef
define require-secret-key
test -n "$$SECRET_KEY" || { echo "SECRET_KEY is not set: production settings refuse \
to start without it. Try: SECRET_KEY=\$$(python3 -c 'import secrets; \
print(secrets.token_urlsafe(50))') make $@"; exit 2; }
endef

.PHONY: help install run run-flask run-django setup-flask setup-django \
	test test-flask test-django test-core test-postgres test-browser test-a11y test-clients \
	test-observatory messages messages-flask messages-django \
	screenshots lint format \
	lock clean migrations-flask migrations-django migrate-flask migrate-django \
	downgrade-flask downgrade-django check-migrations audit serve serve-flask \
	serve-django test-live test-concurrency test-faults fuzz

# make help's groups: a target's group is the first whose pattern its name matches.
define HELP_SCRIPT
import re, sys
groups = [  # (title, pattern): listed in this order, matched in the order of ORDER
    ("Run", r"(help|run|serve|setup|install|uv|superuser|clean)(-.*)?$$"),
    ("Database", r"(migrat|downgrade|check-migrations)"),
    ("Test and check", r"(test|fuzz|lint|format|screenshots)"),
    ("Measure and read", r"(bench|claims|conformance|reader|twins)"),
    ("Keep current", r"(lock|upgrade|audit|messages|messages-.*|test-next|test-lowest|test-matrix)$$"),
]
ORDER = [4, 0, 1, 2, 3]
targets = re.findall(r"^([a-z0-9-]+):.*?## (.*)$$", open(sys.argv[1]).read(), re.M)
def group(target):
    return next((i for i in ORDER if re.match(groups[i][1], target)), len(groups))
for number, title in enumerate([title for title, _ in groups] + ["Other"]):
    rows = [(t, h) for t, h in targets if group(t) == number]
    if rows:
        print(f"{title}:")
        for target, text in rows:
            print(f"  make {target:<20} {text}")
print("Ports: FLASK_PORT (5000), DJANGO_PORT (8000), HOST (127.0.0.1);"
      " PYTHON=python3.13 picks the Python (kept for the next make).")
endef
export HELP_SCRIPT

help: ## List the targets, by group.
	@$(PYTHON) -c "$$HELP_SCRIPT" $(firstword $(MAKEFILE_LIST))

# uv from PyPI, into .tools/ (a virtualenv of its own), when it is not on the PATH.
$(abspath $(TOOLS))/bin/uv:
	@echo "uv is not on the PATH: installing it into $(TOOLS)/ from PyPI"
	@$(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/python -m pip install --quiet "$(UV_VERSION)"

.PHONY: uv
uv: $(UV) ## Make sure uv is there (the PATH's, or one installed into .tools/).

# The stamp names the Python, so a virtualenv made with another one is rebuilt.
$(VENV)/.installed-$(PYTHON_VERSION): $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "needs Python 3.11 or newer, found $(or $(PYTHON_VERSION),no $(PYTHON))" \
		"(set PYTHON=python3.11, for instance)"; exit 2; }
	@if [ -d $(VENV) ] && [ ! -e $@ ]; then \
		echo "$(VENV) was made with another Python: rebuilding it with $(PYTHON_VERSION)"; \
		rm -rf $(VENV); \
	fi
	@if [ -z "$(NO_UV)" ] && { [ -x "$(UV)" ] || $(MAKE) --no-print-directory uv; }; then \
		echo "Installing with uv from $(LOCK)"; \
		"$(UV)" venv --quiet --allow-existing --python $(PYTHON) $(VENV) && \
		"$(UV)" pip sync --quiet --python $(PY) --require-hashes $(LOCK); \
	else \
		echo "Installing with pip from $(LOCK)"; \
		$(PYTHON) -m venv $(VENV) && \
		$(PY) -m pip install --quiet --upgrade pip && \
		$(PY) -m pip install --quiet --require-hashes -r $(LOCK); \
	fi
	@rm -f $(VENV)/.installed*
	@$(PYTHON) -c 'import sys; print(sys.executable)' > $(VENV)/.python
	@touch $@

# The message catalogues. Flask's are compiled here, by Babel's pybabel (pure Python),
# as Flask-Babel's users do at install or deploy; the .mo files are not committed.
# Django's are compiled by compilemessages, which needs GNU gettext's msgfmt, so its
# .mo files are committed beside the .po files, as Django and its apps ship them.
FLASK_PO := $(wildcard flask_app/translations/*/LC_MESSAGES/messages.po)
FLASK_MO := $(FLASK_PO:.po=.mo)

install: $(VENV)/.installed-$(PYTHON_VERSION) $(FLASK_MO) ## Create the virtualenv from the lock file (and compile the Flask app's catalogues).

$(FLASK_MO): %.mo: %.po $(VENV)/.installed-$(PYTHON_VERSION)
	@$(BIN)/pybabel compile --statistics -i $< -o $@


setup-flask: install ## Migrate the Flask app's database and load the demo data (what make run does first).
	$(FLASK) db upgrade
	$(FLASK) seed-demo

setup-django: install ## Migrate the Django app's database and load the demo data (what make run does first).
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo

# Stop with one message, before anything else (no virtualenv needed), naming every
# port on HOST that is taken and the variable that moves it: $(1) is PORT:VARIABLE ...
define check-ports
busy= moves=; \
for pair in $(1); do \
	if (exec 3<>"/dev/tcp/$(HOST)/$${pair%%:*}") 2>/dev/null; then \
		busy="$$busy$${busy:+, }port $${pair%%:*} ($${pair##*:})"; \
		moves="$$moves$${pair##*:}=$$(( $${pair%%:*} + 1 )) "; \
	fi; \
done; \
if [ -n "$$busy" ]; then \
	echo "In use on $(HOST): $$busy. Stop what uses it, or move the app:" \
		"$${moves}make $(or $(MAKECMDGOALS),$@)"; exit 1; fi
endef
FLASK_PORT_FREE = $(FLASK_PORT):FLASK_PORT
DJANGO_PORT_FREE = $(DJANGO_PORT):DJANGO_PORT

# make ports-free PORTS="5000:FLASK_PORT ...": the first prerequisite of every target
# that starts a server, so a clash is found before migrating or seeding.
.PHONY: ports-free
ports-free: ## Stop if a port in PORTS (PORT:VARIABLE ...) is taken: every target that starts a server does this first.
	@$(call check-ports,$(PORTS))

# Run two servers side by side, the Flask one and the Django one, each in its own
# process group (a dev server's reloader and its child, gunicorn's master and
# workers), each line of their logs prefixed with the app's name; when either stops,
# or on Ctrl-C or SIGTERM, stop the other and end with the first one's status.
define run-both
set -m; export PYTHONUNBUFFERED=1; \
stop() { trap "" INT TERM; exec 2>/dev/null; kill -TERM -- -$$first -$$second; wait; }; \
$(1) > >(sed -u 's/^/flask  | /') 2>&1 & first=$$!; \
$(2) > >(sed -u 's/^/django | /') 2>&1 & second=$$!; \
trap 'stop; exit 0' INT TERM; \
trap stop EXIT; \
wait -n
endef

run: PORTS = $(FLASK_PORT_FREE) $(DJANGO_PORT_FREE)
run: ports-free setup-flask setup-django ## Start both apps (Flask on 5000, Django on 8000); Ctrl-C stops both.
	@echo "Flask:  http://$(HOST):$(FLASK_PORT)/   Django: http://$(HOST):$(DJANGO_PORT)/"
	@$(call run-both,$(FLASK) run --debug --host $(HOST) --port $(FLASK_PORT),\
		$(MANAGE) runserver $(HOST):$(DJANGO_PORT))

run-flask: PORTS = $(FLASK_PORT_FREE)
run-flask: ports-free setup-flask ## Start the Flask app alone (port FLASK_PORT, default 5000).
	$(FLASK) run --debug --host $(HOST) --port $(FLASK_PORT)

run-django: PORTS = $(DJANGO_PORT_FREE)
run-django: ports-free setup-django ## Start the Django app alone (port DJANGO_PORT, default 8000).
	$(MANAGE) runserver $(HOST):$(DJANGO_PORT)

serve: PORTS = $(FLASK_PORT_FREE) $(DJANGO_PORT_FREE)
serve: ports-free install ## Serve both apps under gunicorn, production settings (needs SECRET_KEY).
	@$(require-secret-key)
	@$(note-without-redis)
	$(PROD_FLASK) db upgrade
	$(PROD_MANAGE) migrate --no-input
	@$(PROD_FLASK) catalog-status
	@$(PROD_MANAGE) catalog_status
	@echo "Flask:  http://$(HOST):$(FLASK_PORT)/   Django: http://$(HOST):$(DJANGO_PORT)/"
	@$(call run-both,$(GUNICORN) --bind $(HOST):$(FLASK_PORT) flask_app.wsgi:app,\
		$(GUNICORN) --bind $(HOST):$(DJANGO_PORT) --chdir django_app config.wsgi)

serve-flask: PORTS = $(FLASK_PORT_FREE)
serve-flask: ports-free install ## Serve the Flask app under gunicorn (production settings).
	@$(require-secret-key)
	@$(note-without-redis)
	$(PROD_FLASK) db upgrade
	@$(PROD_FLASK) catalog-status
	$(GUNICORN) --bind $(HOST):$(FLASK_PORT) flask_app.wsgi:app

serve-django: PORTS = $(DJANGO_PORT_FREE)
serve-django: ports-free install ## Serve the Django app under gunicorn (production settings).
	@$(require-secret-key)
	@$(note-without-redis)
	$(PROD_MANAGE) migrate --no-input
	@$(PROD_MANAGE) catalog_status
	$(GUNICORN) --bind $(HOST):$(DJANGO_PORT) --chdir django_app config.wsgi

# The first account of a fresh database, with production settings (as make serve):
# a superuser, who adds the other accounts and the products in /admin/.
NAME ?= admin
.PHONY: superuser superuser-flask superuser-django
superuser: superuser-flask superuser-django ## Create a superuser NAME (admin) in both apps' databases; asks for the password.

superuser-flask: install ## Create a superuser NAME (admin) in the Flask app's database; asks for the password.
	@$(require-secret-key)
	@$(PROD_FLASK) db upgrade
	$(PROD_FLASK) create-user $(NAME) --superuser

superuser-django: install ## Create a superuser NAME (admin) in the Django app's database; asks for the password.
	@$(require-secret-key)
	@$(PROD_MANAGE) migrate --no-input
	$(PROD_MANAGE) create_user $(NAME) --superuser

test: install ## Run the whole shared suite against both apps, plus each app's own checks.
	since=$$(date -u +%FT%TZ); $(PYTEST) $(PARALLEL) $(SUITE); status=$$?; \
	$(PY) -m reader.claims --keep var/conformance/inprocess-sqlite.json \
		bench/results/conformance-hardened.json $$since; exit $$status

test-flask: install ## Run the shared suite against the Flask app only.
	$(PYTEST) $(PARALLEL) $(SUITE) -k flask tests flask_app/tests

test-django: install ## Run the shared suite against the Django app only.
	$(PYTEST) $(PARALLEL) $(SUITE) -k django tests \
		django_app/tests

test-core: install ## Run the shared suite on each app's core alone (HARDENING=0).
	since=$$(date -u +%FT%TZ); HARDENING=0 $(PYTEST) $(PARALLEL) $(SUITE) tests; status=$$?; \
	$(PY) -m reader.claims --keep var/conformance/core-sqlite.json \
		bench/results/conformance-core.json $$since; exit $$status

test-postgres: install ## Run the whole suite on PostgreSQL (POSTGRES_URL names the server).
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) $(PARALLEL) $(SUITE)

test-live: install ## Run the shared suite over HTTP against both apps under gunicorn (Redis).
	$(PYTEST) $(PARALLEL) $(SUITE) --live tests

# make conformance: every run of the shared suite writes var/conformance/<mode>.json
# (tests/support/conformance.py); this puts the last run of each mode side by side.
.PHONY: conformance
conformance: install ## The last shared-suite runs, each test on each app, core against hardened: var/reader/conformance.html.
	$(PY) -m reader.conformance

test-concurrency: install ## Under gunicorn (4 workers): 16 writers, If-Match races, and readers never stale behind the cache (Redis); SQLite then PostgreSQL.
	$(PYTEST) -m concurrency tests
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -m concurrency tests

# make bench: both apps under gunicorn, driven by wrk (see bench/README.md). With
# BENCH_DB=postgres it creates and drops bench_flask and bench_django on the server
# POSTGRES_URL names.
BENCH_DB ?= sqlite
BENCH_ROUNDS ?= 5
BENCH_DURATION ?= 5
# make bench-cluster: one run of each layout, 8 s each.
CLUSTER_DURATION ?= 8
BENCH_CONNECTIONS ?= 16
BENCH_WORKERS ?= 2
.PHONY: bench bench-instructions
# The servers it starts keep their bytecode (var/pycache) where PYTHONDONTWRITEBYTECODE
# is set: start-up is timed as a deployed app starts, not compiling every module.
bench: install ## Load both apps under gunicorn with wrk: a table and bench/results/<db>.{json,png}.
	$(PYCACHE) $(PY) -m bench.run --db $(BENCH_DB) --rounds $(BENCH_ROUNDS) --duration $(BENCH_DURATION) \
		--connections $(BENCH_CONNECTIONS) --workers $(BENCH_WORKERS) \
		--postgres-url $(POSTGRES_URL)

bench-instructions: install ## Instructions per request (valgrind's callgrind), floor, list and detail: bench/results/instructions.json.
	$(PY) -m bench.instructions

# make claims: each claim of the comparison articles judged from bench/results/,
# the code and the lock (shared_spec/claims.yaml); no benchmark is run.
.PHONY: claims
claims: install ## Verdict per article claim from the measured evidence: var/reader/claims.html; rewrites the README's claims table.
	$(PY) -m reader.claims --write-readme

test-faults: install ## Cut the database under both apps (gunicorn, PostgreSQL) and restore it.
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -m faults tests

fuzz: install ## Contract fuzzing: schemathesis against both apps (FUZZ_EXAMPLES per operation).
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) $(PARALLEL) -m fuzz tests

test-browser: install ## Drive both apps (under gunicorn) in headless Chromium.
	$(PYTEST) -m browser tests/browser

# axe-core and the Nu Html Checker (vnu-jar), from npm into var/a11y/; the checker
# runs on Java 17 or newer.
A11Y_DIR := var/a11y
A11Y_TOOLS := axe-core@4.14.1 vnu-jar@26.9.27
$(A11Y_DIR)/.installed:
	@command -v npm >/dev/null && command -v java >/dev/null || { echo "make test-a11y" \
		"needs npm and java: apt-get install npm openjdk-17-jre-headless"; exit 2; }
	npm install --silent --no-audit --no-fund --prefix $(A11Y_DIR) $(A11Y_TOOLS)
	@touch $@

# Install a Debian package as root, or stop with the command that would.
define ensure-debian-package
{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null \
	|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq $(1) >/dev/null; }; \
else echo "make $@ needs $(1): sudo apt-get install $(1)"; exit 2; fi; }
endef

# The MDN HTTP Observatory's scanner, from npm into var/observatory/. Its install
# script fetches lists from the Internet; the scan needs none of them (localhost is
# on no HSTS preload list), so it is installed without scripts and an empty list.
OBSERVATORY_DIR := var/observatory
$(OBSERVATORY_DIR)/.installed:
	@command -v npm >/dev/null || { echo "make test-observatory needs npm"; exit 2; }
	npm install --silent --no-audit --no-fund --ignore-scripts \
		--prefix $(OBSERVATORY_DIR) @mdn/mdn-http-observatory@1.4.8
	echo '{}' > $(OBSERVATORY_DIR)/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	@touch $@

# make serve-cluster and make test-scale: INSTANCES gunicorn instances per app behind
# nginx, on PostgreSQL and Redis (cluster/, docs/scaling.md).
INSTANCES ?= 2
.PHONY: serve-cluster test-scale bench-cluster
serve-cluster: PORTS = $(FLASK_PORT_FREE) $(DJANGO_PORT_FREE)
serve-cluster: ports-free install ## Each app as INSTANCES (2) gunicorn instances behind nginx, on PostgreSQL and Redis (needs SECRET_KEY).
	@$(require-secret-key)
	@command -v nginx >/dev/null || $(call ensure-debian-package,nginx)
	INSTANCES=$(INSTANCES) WORKERS=$(WORKERS) POSTGRES_URL=$(POSTGRES_URL) $(PY) -m cluster

bench-cluster: install ## One instance direct, then 1, 2 and 4 behind nginx (PostgreSQL, Redis): bench/results/cluster.json.
	@command -v nginx >/dev/null || $(call ensure-debian-package,nginx)
	$(PY) -m cluster.bench --duration $(CLUSTER_DURATION) --connections $(BENCH_CONNECTIONS) \
		--postgres-url $(POSTGRES_URL)

test-scale: install ## The live suite through nginx and 2 instances per app; shared state, a killed instance, reloads, Redis away.
	@command -v nginx >/dev/null || $(call ensure-debian-package,nginx)
	@command -v redis-server >/dev/null || $(call ensure-debian-package,redis-server)
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m cluster.shared_suite $(PYTEST_ARGS)
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -m scale -s tests

test-observatory: install $(OBSERVATORY_DIR)/.installed ## Both apps behind nginx with TLS, graded by the MDN HTTP Observatory's scanner (needs ports 80, 443).
	@command -v nginx >/dev/null || $(call ensure-debian-package,nginx)
	$(PYTEST) -m observatory tests

test-a11y: install $(A11Y_DIR)/.installed ## axe-core and the Nu Html Checker on every page of both apps, in headless Chromium.
	$(PYTEST) -m a11y tests/browser

# make test-clients: a typed client generated from each app's served document
# (openapi-python-client, mypy --strict on a flow through it), Redocly CLI and
# Spectral on that document, and Swagger UI's "Try it out" in headless Chromium. The
# tools are pinned: the Python ones hash-locked in tests/clients/requirements.lock,
# into a virtualenv of their own; the linters from npm. All into var/clients/.
CLIENTS_DIR := var/clients
CLIENTS_LOCK := tests/clients/requirements.lock
CLIENTS_NPM := @redocly/cli@2.77.0 @stoplight/spectral-cli@6.16.3
$(CLIENTS_DIR)/venv/.installed: $(CLIENTS_LOCK)
	@if [ -z "$(NO_UV)" ] && { [ -x "$(UV)" ] || $(MAKE) --no-print-directory uv; }; then \
		"$(UV)" venv --quiet --allow-existing --python $(PYTHON) $(CLIENTS_DIR)/venv && \
		"$(UV)" pip sync --quiet --python $(CLIENTS_DIR)/venv/bin/python \
			--require-hashes $(CLIENTS_LOCK); \
	else \
		$(PYTHON) -m venv $(CLIENTS_DIR)/venv && \
		$(CLIENTS_DIR)/venv/bin/python -m pip install --quiet --require-hashes \
			-r $(CLIENTS_LOCK); \
	fi
	@touch $@

$(CLIENTS_DIR)/npm/.installed:
	@command -v npm >/dev/null || { echo "make test-clients needs npm: apt-get install npm"; \
		exit 2; }
	npm install --silent --no-audit --no-fund --prefix $(CLIENTS_DIR)/npm $(CLIENTS_NPM)
	@touch $@

test-clients: install $(CLIENTS_DIR)/venv/.installed $(CLIENTS_DIR)/npm/.installed ## A generated typed client, Redocly and Spectral, and Swagger UI's Try it out, on both apps' served documents.
	$(PYTEST) -m clients tests/clients

screenshots: install ## Save each app's product list as <app>-product-list.png in SCREENSHOT_DIR (docs/screenshots).
	SCREENSHOT_DIR=$(SCREENSHOT_DIR) $(PYTEST) -m browser tests/browser -k product_list

# make reader: static pages for file:// (shared_spec/twins.yaml, var/conformance/).
.PHONY: reader
reader: install ## The reader into var/reader/: a summary to choose by (core tour, claims, conformance, benchmark, code size), then both apps side by side.
	$(PY) -m reader.build

.PHONY: twins-doc
twins-doc: install ## Write docs/twins.md (the twins and their code lines) from shared_spec/twins.yaml.
	$(PY) -m reader.twins_doc

migrations-flask: install ## Write a new Alembic revision from the model changes (MESSAGE="...").
	$(FLASK) db migrate -m "$(MESSAGE)"

migrations-django: install ## Write new Django migrations from the model changes.
	$(MANAGE) makemigrations

migrate-flask: install ## Apply the Flask app's migrations (to TO, default head).
	$(FLASK) db upgrade $(or $(TO),head)

migrate-django: install ## Apply the Django app's migrations (APP and TO narrow it).
	$(MANAGE) migrate $(APP) $(TO)

downgrade-flask: install ## Undo Flask migrations down to TO (default: one step, -1).
	$(FLASK) db downgrade $(or $(TO),-1)

downgrade-django: install ## Undo Django migrations: APP=catalog TO=0003 (or TO=zero).
	@test -n "$(APP)" -a -n "$(TO)" || { echo "usage: make downgrade-django APP=catalog TO=0003"; exit 2; }
	$(MANAGE) migrate $(APP) $(TO)

check-migrations: install ## Fail if a model changed without a migration, in either app.
	$(FLASK) db upgrade  # Alembic compares the models with a database at head
	$(FLASK) db check
	$(MANAGE) makemigrations --check --dry-run

lint: install ## ruff (style, format), mypy (types, pyproject.toml's [tool.mypy]), bandit (security), pip-audit (dependencies).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit -q -c pyproject.toml -r flask_app django_app --severity-level medium
	@$(MAKE) --no-print-directory audit AUDIT_OPTIONAL=1

audit: install ## Check every locked dependency for known vulnerabilities (pip-audit, PyPI's or OSV's data).
	@service=$$($(PY) -m upkeep.audit $(AUDIT_PYPI) $(AUDIT_OSV)); \
	if [ "$$service" = none ]; then \
		echo "pip-audit NOT RUN: neither PyPI's JSON API nor OSV answers from this" \
			"machine, so no dependency was checked; run make audit where one does."; \
		[ -n "$(AUDIT_OPTIONAL)" ] || exit 2; \
	else \
		echo "pip-audit with $$service's vulnerability data"; \
		$(BIN)/pip-audit --strict --disable-pip --require-hashes \
			--vulnerability-service $$service -r $(LOCK); \
	fi

format: install ## Fix what ruff can fix.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: messages-flask messages-django ## Extract both apps' strings and update their catalogues.

messages-flask: install ## Extract the Flask app's strings into its catalogues (pybabel extract, update, compile).
	@mkdir -p var
	$(BIN)/pybabel --quiet extract -F flask_app/babel.cfg -k _l -k lazy_gettext \
		--no-location --sort-output -o var/flask-messages.pot flask_app
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-pot-creation-date -i var/flask-messages.pot -d flask_app/translations
	$(BIN)/pybabel compile --statistics -d flask_app/translations

messages-django: install ## Extract the Django app's strings into its catalogues (makemessages, compilemessages: GNU gettext).
	cd django_app && DEBUG=1 ../$(PY) manage.py makemessages --all --no-obsolete --no-location
	cd django_app && DEBUG=1 ../$(PY) manage.py compilemessages

# How the lock is resolved: every Python the project supports, hashes for pip.
COMPILE = "$(UV)" pip compile pyproject.toml --extra dev --universal \
	--python-version 3.11 --generate-hashes --quiet

lock: uv ## Re-resolve requirements.lock from pyproject.toml, keeping the pins it can.
	$(COMPILE) -o requirements.lock

# Keeping both halves current (upkeep/): each works in a virtualenv of its own under
# var/, so .venv and requirements.lock change only when make upgrade says so.
.PHONY: upgrade test-next test-lowest test-matrix
upgrade: uv install ## Newest releases pyproject.toml allows (PACKAGE=name for one), then every check; the lock changes only if all pass.
	UV="$(UV)" $(PY) -m upkeep.upgrade $(PACKAGE)

test-next: uv install ## The suite on the next releases (newest Django, DRF, Flask and extensions, SQLAlchemy), per app.
	UV="$(UV)" $(PY) -m upkeep.next $(PYTEST_ARGS)

test-lowest: uv install ## The suite on the lowest versions pyproject.toml allows (uv's lowest-direct resolution).
	UV="$(UV)" $(PY) -m upkeep.lowest $(PYTEST_ARGS)

test-matrix: uv install ## The in-process suite on Python 3.11, 3.12 and 3.13 (from the PATH, pyenv or uv; PYTHONS= to choose).
	UV="$(UV)" $(PY) -m upkeep.matrix $(PYTEST_ARGS)

clean: ## Remove the virtualenv, the SQLite databases and caches.
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
	find var -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
