# Two commands set everything up on a fresh clone: `make run` and `make test`, each alone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of packages: `make run` installs what a user needs (the runtime only),
# `make test` and `make lint` add the dev extra, `make data` the data builders' extra.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
DATA_STAMP := $(VENV)/.installed-data
# Test processes (pytest-xdist): one a core.
WORKERS ?= auto
# `make test` leaves out the tests marked slow (and those needing the network); CI and
# `make test-slow` run the slow ones.
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider

.PHONY: run test test-slow lint bench data examples install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install leaves the package's bytecode to the first run, which cannot write it
# where PYTHONDONTWRITEBYTECODE is set: each run would then compile ~110 modules again
# (about 0.3 s). `compileall` writes it as a wheel install would, and skips what is current
# (bench/run.py does it for `make bench`).
COMPILE := $(BIN)/python -m compileall -q siteselect

$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(DATA_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[data]'
	touch $@

install: $(RUN_STAMP)
	@$(COMPILE)

run: $(RUN_STAMP)
	@$(COMPILE)
	$(BIN)/siteselect rank

test: $(DEV_STAMP)
	$(PYTEST) -q -m "not slow and not network"

# The slow tests, and those that need the data extra (installed here, so they run rather than
# skip): whole-data rebuilds, PDF and browser rendering, the wheel, a Dask cluster, every
# profile end to end, the documentation's examples.
test-slow: $(DEV_STAMP) $(DATA_STAMP)
	$(PYTEST) -q -m "(slow or data_extra) and not network"

lint: $(DEV_STAMP)
	$(BIN)/ruff check siteselect tests bench tools
	$(BIN)/ruff format --check siteselect tests bench tools
	$(BIN)/mypy

bench: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

# A proposal report (HTML and PDF, Spanish and English) for each shipped profile's top park,
# written to examples/out/ (not committed).
examples: $(RUN_STAMP)
	$(BIN)/python examples/make_examples.py

# Maintainer tooling in tools/ (not shipped): the package-derived layers, the fact tables, then
# the tables derived from ../shared/data (CONAPO, RETC, OSM power grid). Those builders say so
# and keep the committed files where ../shared/data is absent.
data: $(DATA_STAMP)
	$(BIN)/python tools/facts/road_calibration.py > /dev/null  # read by the highways build
	$(BIN)/python tools/facts/road_restrictions.py > /dev/null  # read by the highways build
	$(BIN)/python tools/facts/labour_market.py > /dev/null
	$(BIN)/python tools/build_data.py --out data
	$(BIN)/python tools/facts/corridors.py > /dev/null  # needs data/states.gpkg; read by parks.py
	for f in crossings seaports wage_zones parks_columns; do $(BIN)/python tools/facts/$$f.py > /dev/null || exit 1; done
	$(BIN)/python tools/build_population.py --out data
	$(BIN)/python tools/facts/establishment_review.py > /dev/null  # read by the establishments build
	$(BIN)/python tools/build_establishments.py --out data
	$(BIN)/python tools/build_power.py --out data
	$(BIN)/python tools/facts/parks.py > /dev/null
	$(BIN)/python tools/facts/metros.py > /dev/null  # resolves codes against the two tables above

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
