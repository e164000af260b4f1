# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DOCS := $(VENV)/.installed-docs

.PHONY: demo test bench fuzz clean venv docs

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# editable_mode=compat: a path entry (.pth), not an import hook, so that running Python from the
# clone's parent folder imports the package, not the clone folder as an empty namespace package.
EDITABLE := --config-settings editable_mode=compat

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet $(EDITABLE) -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet $(EDITABLE) -e '.[test]'
	touch $@ $(STAMP_RUN)

$(STAMP_DOCS): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet $(EDITABLE) -e '.[docs]'
	touch $@ $(STAMP_RUN)

venv: $(STAMP_TEST)

demo: $(STAMP_RUN)
	MPLBACKEND=Agg $(VENV)/bin/symopt tour --out tour.png

# The suite includes the docs: tests/test_docs.py builds the site (warnings as errors, notebooks
# rendered from their stored outputs, not executed), checks every internal link, the API
# reference against every public name, and runs the site's examples.
# The suite runs on every core the machine gives this process (pytest-xdist, at most 4 workers;
# `make test JOBS=0` runs it in one process).  No test depends on another's order or timing.
JOBS ?= $(shell $(PYTHON) -c "import os; n = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else (os.cpu_count() or 1); print(max(1, min(4, n)))")
test: $(STAMP_TEST)
	MPLBACKEND=Agg $(PY) -m pytest -q -n $(JOBS) --dist worksteal symopt tests

# The documentation site, into docs/_build/html (open index.html); -W: a warning is an error.
docs: $(STAMP_DOCS)
	MPLBACKEND=Agg $(PY) -m sphinx -W --keep-going -q -b html -d docs/_build/doctrees docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

bench: $(STAMP_TEST)
	$(PY) bench/run_all.py

fuzz: $(STAMP_TEST)
	SYMOPT_FUZZ_EXAMPLES=20000 MPLBACKEND=Agg $(PY) -m pytest -q tests/test_fuzz.py

# tour.png is `symopt tour`'s --out; tour_run.png and momentum_stability.png are its sections' figures
clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache tour.png tour_run.png momentum_stability.png
	rm -rf docs/_build docs/api docs/gallery/notebooks docs/jupyter_execute
