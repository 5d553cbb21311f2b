# The kit's commands. A newcomer needs two: `make lab` and `make test`.
# Every target builds the virtual environment first when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_ARGS ?=
PIP    := $(BIN)/python -m pip --disable-pip-version-check --no-input
LINTED := geopolitics tests tools notebooks solutions exercises

.PHONY: venv lab test lint bytecode audit exercises fresh lock environment bench help slides site grade links \
	screenshots

help:
	@echo "make lab        open the kit in JupyterLab (LAB_ARGS passes options through)"
	@echo "make test       run every check: lint, unit, data, notebooks, exercise drift"
	@echo "make exercises  write exercises/ from solutions/ (never overwrites your edits)"
	@echo "make fresh LESSON=00  a new copy of one exercise; your old file is kept beside it"
	@echo "make slides     reveal.js decks of every lecture in build/slides/ (open from disk)"
	@echo "make site       a static HTML copy of every lecture in build/site/ (reads offline)"
	@echo "make grade SUBMISSIONS=dir  run and check a class's exercise notebooks -> gradebook"
	@echo "make links REPO=owner/name [HUB=url] [LESSON=02] [BRANCH=main]  Binder and hub links"
	@echo "make screenshots  the browser tests, writing every picture to build/screenshots/"
	@echo "make audit      axe-core's accessibility check of every site page and every slide"
	@echo "make venv       (re)build .venv; done for you by lab and test"
	@echo "make lock       maintainers: re-pin every package after changing pyproject.toml"

venv: $(STAMP)

# Rebuilt only when the declared dependencies change: a second `make venv` takes no time.
# kernel_start lets every kernel here explain a student's mistakes from its first cell;
# lab_settings keeps JupyterLab's news pop-up off a projected lesson.
$(STAMP): pyproject.toml requirements.lock geopolitics/course/kernel_start.py \
		geopolitics/course/lab_settings.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --constraint requirements.lock --editable ".[test]"
	$(BIN)/python -m geopolitics.course.kernel_start
	$(BIN)/python -m geopolitics.course.lab_settings
	@touch $@

# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(AS_ROOT) \
		notebooks/00_start_here.ipynb $(LAB_ARGS)

# Python compiles a module the first time a process imports it and keeps the result in
# __pycache__/, unless PYTHONDONTWRITEBYTECODE is set, as it often is on CI machines and in
# containers: then every kernel, worker and tool of a test run compiled the kit again (about
# 0.1 s each, some hundred times a run). Compiled once here, as pip compiles a package it
# installs, they read it; a module edited since is compiled afresh, so nothing goes stale.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q geopolitics tools

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)

# The suite runs with no network but loopback (tools/offline.sh), so a notebook or test that
# reaches for the internet fails here rather than in a classroom. One worker more than there
# are cores: the tests wait on kernels, browsers and time limits, and with one worker per core
# about a tenth of the machine sat idle (on 2 cores: 190-199 s with 2 workers, 172-186 s with 3).
# Files run in the order tests/conftest.py gives them, the slowest first: 160-165 s.
WORKERS := $(shell echo $$(( $$(nproc) + 1 )))

test: lint bytecode
	GEOPOLITICS_STRICT=1 tools/offline.sh $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile \
		--no-loadscope-reorder -m "not audit" $(PYTEST_ARGS)

# axe-core on every page of the student site and every slide of every deck (`make test`
# reads the front page, lesson 00's page, each deck's first slide and every lesson's outputs
# in JupyterLab). CI runs it after the suite.
audit: bytecode
	GEOPOLITICS_STRICT=1 tools/offline.sh $(BIN)/python -m pytest -m audit tests/test_export.py \
		$(PYTEST_ARGS)

# The browser tests again, this time saving what they saw (every chart, slide and explorer) for
# people to look at; `make test` runs the same checks without writing the pictures.
screenshots: $(STAMP)
	GEOPOLITICS_SCREENSHOTS=1 GEOPOLITICS_STRICT=1 tools/offline.sh $(BIN)/python -m pytest \
		-n $(WORKERS) --dist loadfile --no-loadscope-reorder tests/test_browser.py \
		tests/test_export.py $(PYTEST_ARGS)
	@echo "Pictures in build/screenshots/"

# Speed and memory figures (not a pass/fail test): prints a table, writes build/bench.json.
bench: bytecode
	tools/offline.sh $(BIN)/python tools/bench.py

exercises: $(STAMP)
	$(BIN)/python -m geopolitics.course.exercises

fresh: $(STAMP)
	@test -n "$(LESSON)" || { echo "Say which lesson, e.g. make fresh LESSON=00"; exit 2; }
	$(BIN)/python -m geopolitics.course.exercises --fresh "$(LESSON)"

# Maintainers: after editing the pins in pyproject.toml, re-resolve every package and
# rewrite environment.yml from the same list, so the pip and conda routes stay identical.
lock:
	rm -rf $(VENV) /tmp/geopolitics-lock
	$(PYTHON) -m venv /tmp/geopolitics-lock
	/tmp/geopolitics-lock/bin/python -m pip install --quiet --disable-pip-version-check ".[test]"
	/tmp/geopolitics-lock/bin/python -m pip freeze --exclude-editable --exclude geopolitics \
		| grep -v '^geopolitics' > requirements.lock
	$(MAKE) environment

environment: 
	PYTHONPATH="$(CURDIR)" $(PYTHON) tools/environment.py --write

# Teaching material built from the lectures, with no network: decks and pages carry their own
# reveal.js and draw every chart as a static image.
slides: $(STAMP)
	tools/offline.sh $(BIN)/python -m geopolitics.course.export slides

site: $(STAMP)
	tools/offline.sh $(BIN)/python -m geopolitics.course.export site

# Each submission runs in its own scratch copy and kernel, offline, with a time limit.
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "Say where the notebooks are, e.g. make grade SUBMISSIONS=~/class/lesson01"; exit 2; }
	tools/offline.sh $(BIN)/python -m geopolitics.course.grading "$(SUBMISSIONS)" $(GRADE_ARGS)

# Needs no environment: prints links for an instructor's own fork and JupyterHub.
links:
	@PYTHONPATH="$(CURDIR)" $(PYTHON) -m geopolitics.course.links --repo "$(REPO)" \
		$(if $(HUB),--hub "$(HUB)",) $(if $(LESSON),--lesson "$(LESSON)",) \
		$(if $(BRANCH),--branch "$(BRANCH)",)
