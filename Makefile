# zcpark — the two commands a new machine needs: `make run` and `make test`.
# When zcpark fails, make exits with 2 whatever zcpark's code was; make's last line shows it
# (`make: *** [Makefile:NN: run] Error 3`: infeasible). Scripts call .venv/bin/zcpark for the code.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PARK   ?= data/inland_park.xlsx
SCENARIO ?=
ARGS   ?=

.PHONY: run report test check template docs bench bench-handoff examples profiles scenarios frontier sensitivity fleet audit template-metered clean-runs help

help:
	@echo "make run [PARK=data/x.xlsx] [SCENARIO=name]   solve a park, write runs/<park>/<scenario>/results.xlsx"
	@echo "make report [PARK=...] [SCENARIO=name]        report.html + fig_*.png next to the run's results.xlsx (run first)"
	@echo "make test                                     run the test suite"
	@echo "make check PARK=...                           validate a workbook only"
	@echo "  (run, check, batches: ARGS=\"--lang zh\" or en or both: the messages' language; default both)"
	@echo "make template                                 write template.xlsx (blank, self-documenting)"
	@echo "make docs                                     rewrite the sheet reference of docs/workbook.md from the schema"
	@echo "make bench                                    time read/build/hand-off/solve/extract/write"
	@echo "make bench-handoff [PARK=...]                 time the ways to hand the model to HiGHS"
	@echo "make examples                                 regenerate the example workbooks in data/"
	@echo "make scenarios [PARK=...]                     base + every scenario on dask -> runs/<park>/comparison.xlsx"
	@echo "make frontier [PARK=...] [POINTS=8]           min cost vs carbon-intensity limit -> runs/<park>/frontier.xlsx"
	@echo "make sensitivity [PARK=...] [ARGS=--percent 20]  key inputs -/+ 10 % -> runs/<park>/sensitivity.xlsx"
	@echo "make fleet [DIR=data/]                        every park workbook of a folder -> runs/fleet.xlsx"
	@echo "                                              (batches: ARGS=\"--workers N\" or \"--scheduler tcp://host:port\")"
	@echo "make audit METERED=x.xlsx [PLAN=results.xlsx] [ARGS=--fill linear]  metered data -> runs/<x>/audit/"
	@echo "                                              audit.xlsx + disclosure.html (same indicators as a plan)"
	@echo "make template-metered                         write template_metered.xlsx (documented example)"
	@echo "make profiles [LAT= LON= SEED= CLIMATE= YEAR= WEATHER=file.epw LOAD=archetype PEAK_MW= OUT=x.csv|x.xlsx]"
	@echo "                                              hourly PV/wind capacity factors (+ load) for a site"
	@echo "                                              (defaults: LAT=39.6 LON=109.8 SEED=1 CLIMATE=generic"
	@echo "                                              YEAR=2025 OUT=site_profiles.csv; LOAD: continuous|shift|data_centre)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/zcpark run $(PARK) $(if $(SCENARIO),--scenario $(SCENARIO)) $(ARGS)

report: $(STAMP)
	$(BIN)/zcpark report $(PARK) $(if $(SCENARIO),--scenario $(SCENARIO))

check: $(STAMP)
	$(BIN)/zcpark check $(PARK) $(if $(SCENARIO),--scenario $(SCENARIO)) $(ARGS)

template: $(STAMP)
	$(BIN)/zcpark template template.xlsx

test: $(STAMP)
	$(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/python -m zcpark.workbook.contract_doc docs/workbook.md

bench: $(STAMP)
	$(BIN)/python -m zcpark.devtools.bench $(ARGS)

bench-handoff: $(STAMP)
	$(BIN)/python -m zcpark.devtools.handoff_bench $(PARK) $(ARGS)

examples: $(STAMP)
	$(BIN)/python data/build_examples.py

# Batches of runs on dask.distributed (zcpark scenarios|frontier|sensitivity|fleet --help)
POINTS ?= 8
DIR    ?= data/

scenarios sensitivity: $(STAMP)
	$(BIN)/zcpark $@ $(PARK) $(ARGS)

frontier: $(STAMP)
	$(BIN)/zcpark frontier $(PARK) --points $(POINTS) $(ARGS)

fleet: $(STAMP)
	$(BIN)/zcpark fleet $(DIR) $(ARGS)

# `make profiles`: site profiles for a workbook's Profiles sheet (zcpark profiles --help)
LAT     ?= 39.6
LON     ?= 109.8
YEAR    ?= 2025
SEED    ?= 1
CLIMATE ?= generic
WEATHER ?=
LOAD    ?=
PEAK_MW ?= 100
OUT     ?= site_profiles.csv

profiles: $(STAMP)
	$(BIN)/zcpark profiles --lat $(LAT) --lon $(LON) --year $(YEAR) --seed $(SEED) --climate $(CLIMATE) \
	  $(if $(WEATHER),--weather $(WEATHER)) $(if $(LOAD),--load-archetype $(LOAD) --peak-mw $(PEAK_MW)) --out $(OUT)

# `make audit`: operations audit of metered data (zcpark audit --help)
METERED ?=
PLAN    ?=

audit: $(STAMP)
	@test -n "$(METERED)" || { echo "make audit METERED=path/to/metered.xlsx (make template-metered writes one)"; exit 2; }
	$(BIN)/zcpark audit $(METERED) $(if $(PLAN),--plan $(PLAN)) $(ARGS)

template-metered: $(STAMP)
	$(BIN)/zcpark template-metered template_metered.xlsx
