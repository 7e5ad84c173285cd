"""Property-based robustness of the reader: corrupt a small valid workbook at random and check that
reading either succeeds (and then, for some, the solve returns) or raises an InputError whose
problems name a real sheet, and the corrupted cell where there is one. Never any other exception.

Each example loads the base workbook with openpyxl, applies one or more corruptions and saves a
copy to a fresh path. Set ZCPARK_FUZZ_EXAMPLES to run more examples (e.g. 2000) locally.
"""
from __future__ import annotations

import atexit
import itertools
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY, battery, pv
from zcpark.workbook import schema
from zcpark.errors import InputError, ZcparkError
from zcpark.workbook.reader import read_workbook
from zcpark.runner import run
from zcpark.core.options import SolveOptions

_HOME = tempfile.mkdtemp(prefix="zcpark-hypothesis-")
set_hypothesis_home_dir(_HOME)  # keep the repo free of .hypothesis/ (no example database is kept anyway)
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
EXAMPLES = int(os.environ.get("ZCPARK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REAL_SHEETS = {s.name for s in schema.SHEETS} | {"Profiles"}
TEXTS = ["abc", "十", "1,5", "n/a", "#DIV/0!", "三千", "TRUE", "  x  "]


@dataclass
class Base:
    path: Path
    hours: int


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """Two valid bases (24 h and 48 h: PV behind a direct line, onsite PV, a battery) and a scratch folder."""
    folder = tmp_path_factory.mktemp("fuzz")
    bases = []
    for hours in (24, 48):
        path = park_workbook(
            folder / f"base{hours}.xlsx", hours=hours, profiles={"cf_pv": DAY * (hours // 24)},
            Renewables=[pv(max_new_mw=100), pv("pv_far", site="L1", max_new_mw=30, capex=800.0)],
            Storage=[battery(max_new_mw=50, e2p_max_h=4)],
            DirectLines=[{"line": "L1", "option": "a", "capacity_mw": 20, "length_km": 10, "capex_cny_per_km": 1000,
                          "loss_fraction": 0.02, "lifetime_yr": 40}],
            GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 30}, {"product": "gec", "price_cny_per_mwh": 5}],
            Targets=[{"indicator": "clean_energy_share_min", "value": 0.1, "enforce": "yes"}])
        read_workbook(path)  # the base itself is valid
        bases.append(Base(path, hours))
    return {"bases": bases, "folder": folder, "count": itertools.count()}


# ---- corruptions: each takes (workbook, draw) and returns a description of what it did ----

@dataclass
class Cell:
    """A corrupted cell: sheet, Excel row, its column header and what it held before."""
    sheet: str
    row: int
    header: str
    before: object
    after: object


def _pick_cell(wb, draw, data_rows_only=False) -> tuple:
    sheet = draw(st.sampled_from(wb.sheetnames))
    ws = wb[sheet]
    lo = 2 if data_rows_only and ws.max_row >= 2 else 1
    row = draw(st.integers(lo, max(lo, ws.max_row)))
    column = draw(st.integers(1, max(1, ws.max_column)))
    return ws, row, column


def _set(wb, draw, value) -> Cell:
    ws, row, column = _pick_cell(wb, draw, data_rows_only=draw(st.booleans()))
    header = ws.cell(1, column).value
    before = ws.cell(row, column).value
    ws.cell(row, column).value = value
    return Cell(ws.title, row, header if isinstance(header, str) else "", before, value)


def blank_cell(wb, draw):
    return _set(wb, draw, None)


def text_in_cell(wb, draw):
    return _set(wb, draw, draw(st.sampled_from(TEXTS) | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)))


def negative_number(wb, draw):
    return _set(wb, draw, draw(st.sampled_from([-1, -0.5, -1e-9, -1e6]) | st.floats(-1e9, -1e-6)))


def odd_number(wb, draw):
    return _set(wb, draw, draw(st.sampled_from([0, 1, 1.5, 1e12, 25, 0.999])))


def formula_without_value(wb, draw):
    return _set(wb, draw, "=1+1")


def delete_sheet(wb, draw):
    name = draw(st.sampled_from(wb.sheetnames))
    if len(wb.sheetnames) > 1:  # a workbook must keep one sheet
        del wb[name]
    return ("delete_sheet", name)


def drop_column(wb, draw):
    ws = wb[draw(st.sampled_from(wb.sheetnames))]
    column = draw(st.integers(1, max(1, ws.max_column)))
    header = ws.cell(1, column).value
    ws.delete_cols(column)
    return ("drop_column", ws.title, header)


def _profile_rows(wb):
    ws = wb["Profiles"] if "Profiles" in wb.sheetnames else None
    if ws is None:
        return None, []
    return ws, [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def shuffle_profile_rows(wb, draw):
    ws, rows = _profile_rows(wb)
    if ws is None:
        return ("noop",)
    order = draw(st.permutations(range(len(rows))))
    for i, k in enumerate(order):
        for j, v in enumerate(rows[k]):
            ws.cell(i + 2, j + 1).value = v
    return ("shuffle", list(order) != sorted(order))


def truncate_profile_rows(wb, draw):
    ws, rows = _profile_rows(wb)
    if ws is None or not rows:
        return ("noop",)
    k = draw(st.integers(1, len(rows)))
    start = draw(st.integers(2, ws.max_row - k + 1))
    ws.delete_rows(start, k)
    return ("truncate", k)


def duplicate_row(wb, draw):
    ws = wb[draw(st.sampled_from(wb.sheetnames))]
    if ws.max_row < 2:
        return ("noop",)
    row = draw(st.integers(2, ws.max_row))
    ws.append([c.value for c in ws[row]])
    return ("duplicate_row", ws.title, row)


CELL_CORRUPTIONS = [blank_cell, text_in_cell, negative_number, formula_without_value]
ALL = CELL_CORRUPTIONS + [odd_number, delete_sheet, drop_column, shuffle_profile_rows, truncate_profile_rows,
                          duplicate_row]


def _corrupt(work, draw, corruptions) -> tuple[Path, Base, list]:
    base = draw(st.sampled_from(work["bases"]))
    wb = load_workbook(base.path)
    done = [c(wb, draw) for c in corruptions]
    path = work["folder"] / f"case{next(work['count'])}.xlsx"
    wb.save(path)
    return path, base, done


def _check_problems(err: InputError, path: Path) -> None:
    """Every problem names a real sheet; rows and columns, when given, are plausible."""
    assert err.problems, "an InputError with no problems"
    wb = load_workbook(path, read_only=True)
    rows = {ws.title: ws.max_row for ws in wb.worksheets}
    wb.close()
    for p in err.problems:
        assert p.sheet in REAL_SHEETS, p
        if p.row is not None:
            assert isinstance(p.row, int) and 1 <= p.row <= rows.get(p.sheet, 1) + 1, p
        assert p.column is None or (isinstance(p.column, str) and p.column), p
        assert p.found and p.expected, p
    assert str(err)


def _note(what: str) -> None:
    """Count outcomes for --hypothesis-show-statistics (only inside a hypothesis test)."""
    if currently_in_test_context():
        event(what)


def _read(path):
    try:
        park = read_workbook(path)
    except InputError as err:
        _check_problems(err, path)
        _note("input error")
        return None, err
    _note("read ok")
    return park, None


def _names_cell(err: InputError, cell: Cell) -> bool:
    return any(p.sheet == cell.sheet and p.row == cell.row and p.column
               and p.column.split(" (")[0] == cell.header for p in err.problems)


@FUZZ
@given(st.data())
def test_one_cell_corruption_is_reported_at_that_cell(work, data):
    """A number cell made blank, text, negative or an uncalculated formula: either still valid, or the
    error names exactly that sheet, Excel row and column."""
    corruption = data.draw(st.sampled_from(CELL_CORRUPTIONS))
    path, _, (cell,) = _corrupt(work, data.draw, [corruption])
    _, err = _read(path)
    number = isinstance(cell.before, (int, float)) and not isinstance(cell.before, bool)
    if err is not None and number and cell.row > 1:
        assert _names_cell(err, cell), (cell, err.problems)


@FUZZ
@given(st.data())
def test_structural_corruption_is_reported(work, data):
    """Sheets deleted, columns dropped, Profiles rows shuffled or truncated, rows duplicated."""
    corruption = data.draw(st.sampled_from([delete_sheet, drop_column, shuffle_profile_rows,
                                            truncate_profile_rows, duplicate_row]))
    path, base, (done,) = _corrupt(work, data.draw, [corruption])
    _, err = _read(path)
    where = set() if err is None else {(p.sheet, p.row, p.column) for p in err.problems}
    kind = done[0]
    if kind == "delete_sheet" and done[1] in {s.name for s in schema.SHEETS if s.required} | {"Profiles"}:
        assert (done[1], None, None) in where
    elif kind == "drop_column" and done[1] in schema.SHEETS_BY_NAME:
        sheet = schema.SHEETS_BY_NAME[done[1]]
        names = {f.name for f in sheet.fields if f.required} | ({"parameter", "value"} if sheet.kind == "params" else set())
        if done[2] in names:
            assert (done[1], 1, done[2]) in where
    elif kind == "drop_column" and done[1] == "Profiles" and done[2] == "electric_load_mw":
        assert ("Profiles", 1, "electric_load_mw") in where
    elif kind == "shuffle" and done[1]:
        assert any(s == "Profiles" and c == "hour" for s, _, c in where)
    elif kind == "truncate" and done[1] % 24:
        assert ("Profiles", None, None) in where
    elif kind == "duplicate_row" and done[1] in ("Renewables", "Storage", "DirectLines", "Tariff", "GreenMarket",
                                                 "Targets", "Park", "Grid"):
        assert any(s == done[1] for s, _, _ in where)


@FUZZ
@given(st.data())
def test_several_corruptions_never_crash(work, data):
    """Two or three corruptions of any kind at once: a workbook or a complete InputError, nothing else."""
    corruptions = data.draw(st.lists(st.sampled_from(ALL), min_size=2, max_size=3))
    path, _, _ = _corrupt(work, data.draw, corruptions)
    _read(path)


@settings(max_examples=max(8, EXAMPLES // 4), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_corrupted_but_valid_workbook_solves(work, data):
    """When a corrupted workbook still reads, the solve returns a result (or a ZcparkError with an
    exit code: infeasible, solver failure), never another exception."""
    corruption = data.draw(st.sampled_from([blank_cell, odd_number, negative_number, duplicate_row, drop_column]))
    path, _, _ = _corrupt(work, data.draw, [corruption])
    park, _ = _read(path)
    if park is None:
        return
    try:
        res = run(path, runs_dir=work["folder"] / "runs", options=SolveOptions(time_limit=20), write=False)
    except InputError:
        raise
    except ZcparkError as err:
        assert err.exit_code in (3, 4)
        _note(type(err).__name__)
        return
    _note("solved")
    assert res.summary()["solver_status"] in ("optimal", "time_limit_feasible")


def test_random_cell_values_never_crash(tmp_path):
    """A plain loop (no hypothesis): every cell of every sheet set to each awkward value once."""
    base = park_workbook(tmp_path / "base.xlsx", profiles={"cf_pv": DAY}, Renewables=[pv(max_new_mw=100)],
                         Storage=[battery()])
    wb = load_workbook(base)
    cells = [(ws.title, r, c) for ws in wb.worksheets for r in range(1, min(ws.max_row, 4) + 1)
             for c in range(1, ws.max_column + 1)]
    rng = random.Random(7)
    for i, (sheet, r, c) in enumerate(rng.sample(cells, min(25, len(cells)))):
        wb = load_workbook(base)
        wb[sheet].cell(r, c).value = rng.choice([None, "=A1", True, -3, "十", 1e308, "1,000.5"])
        path = tmp_path / f"c{i}.xlsx"
        wb.save(path)
        _read(path)
