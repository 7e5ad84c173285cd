# zcpark — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PARK   ?= data/inland_park.xlsx
SCENARIO ?=
ARGS   ?=

.PHONY: run test check template bench examples clean-runs help

help:
	@echo "make run [PARK=data/x.xlsx] [SCENARIO=name]   solve a park, write runs/<park>/<scenario>/results.xlsx"
	@echo "make test                                     run the test suite"
	@echo "make check PARK=...                           validate a workbook only"
	@echo "make template                                 write template.xlsx (blank, self-documenting)"
	@echo "make bench                                    time read/build/hand-off/solve/extract/write"
	@echo "make examples                                 regenerate the example workbooks in data/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/zcpark run $(PARK) $(if $(SCENARIO),--scenario $(SCENARIO)) $(ARGS)

check: $(STAMP)
	$(BIN)/zcpark check $(PARK) $(if $(SCENARIO),--scenario $(SCENARIO))

template: $(STAMP)
	$(BIN)/zcpark template template.xlsx

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m zcpark.bench $(ARGS)

examples: $(STAMP)
	$(BIN)/python data/build_examples.py
