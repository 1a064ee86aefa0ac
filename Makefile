# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench data examples install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,data]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/siteselect rank

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check siteselect tests bench tools
	$(BIN)/ruff format --check siteselect tests bench tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

# A proposal report (HTML and PDF, Spanish and English) for each shipped profile's top park,
# written to examples/out/ (not committed).
examples: $(STAMP)
	$(BIN)/python examples/make_examples.py

# Maintainer tooling in tools/ (not shipped): the package-derived layers, the fact tables, then
# the tables derived from ../shared/data (CONAPO, RETC, OSM power grid). Those builders say so
# and keep the committed files where ../shared/data is absent.
data: $(STAMP)
	$(BIN)/python tools/facts/road_calibration.py > /dev/null  # read by the highways build
	$(BIN)/python tools/build_data.py --out data
	$(BIN)/python tools/facts/corridors.py > /dev/null  # needs data/states.gpkg; read by parks.py
	for f in crossings seaports wage_zones parks_columns; do $(BIN)/python tools/facts/$$f.py > /dev/null || exit 1; done
	$(BIN)/python tools/build_population.py --out data
	$(BIN)/python tools/build_establishments.py --out data
	$(BIN)/python tools/build_power.py --out data
	$(BIN)/python tools/facts/parks.py > /dev/null

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
