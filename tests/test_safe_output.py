"""Safe output (issue 14): input text never becomes a live formula (workbooks and CSV), names used
in paths stay inside runs/<park>/, the one-page report escapes HTML and matplotlib's "$", and
results files get the user's normal permissions."""
from __future__ import annotations

import csv
import os
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY
from zcpark.cli import main
from zcpark.paths import MAX_NAME, output_path, slug
from zcpark.results import html_report
from zcpark.runner import run
from zcpark.workbook import writer

FORMULA = '=HYPERLINK("http://example.com","click")'


def _as_text(path: Path, values: dict[str, str]) -> Path:
    """Retype cells of the input workbook as text cells (what a user gets typing '=... in Excel):
    every cell whose value is a key of `values` gets that value, stored as a string."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in values:
                    cell.value = values[cell.value]
                    cell.data_type = "s"
    wb.save(path)
    return path


def _worksheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def test_input_text_is_never_written_as_a_formula(tmp_path):
    """A park named =HYPERLINK(...), a tech "=1+1" (so Dispatch headers "=1+1_used_mw" ...), a
    scenario "+cmd" and a tech "@SUM(1)": results.xlsx (Dashboard title included) and the
    scenarios' comparison.xlsx hold no formula at all, and each text reads back as written."""
    wb = park_workbook(
        tmp_path / "p.xlsx", park={"name": "PARKNAME"}, profiles={"cf": DAY},
        Renewables=[{"tech": "TECH1", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100, "lifetime_yr": 1,
                     "max_new_mw": 50},
                    {"tech": "TECH2", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 200, "lifetime_yr": 1,
                     "max_new_mw": 50}],
        Scenarios=[{"scenario": "SCEN", "sheet": "Renewables", "key": "TECH1", "column": "capex_cny_per_kw",
                    "value": 150}])
    _as_text(wb, {"PARKNAME": FORMULA, "TECH1": "=1+1", "TECH2": "@SUM(1)", "SCEN": "+cmd"})
    res = run(wb, runs_dir=tmp_path / "runs")
    for name, xml in _worksheet_xml(res.output).items():
        assert "<f>" not in xml and "<f " not in xml, name
    book = load_workbook(res.output)
    assert book["Dashboard"]["A1"].value.startswith(FORMULA) and book["Dashboard"]["A1"].data_type == "s"
    summary = {r[0].value: r[1] for r in book["Summary"].iter_rows(min_row=2)}
    assert summary["park"].value == FORMULA and summary["park"].data_type == "s"
    headers = [c.value for c in book["Dispatch"][1]]
    assert "=1+1_used_mw" in headers and "@SUM(1)_used_mw" in headers
    assert [c.value for c in book["Capacity"]["A"][1:3]] == ["=1+1", "@SUM(1)"]

    assert main(["scenarios", str(wb), "--workers", "0", "--runs-dir", str(tmp_path / "runs")]) == 0
    comparison = tmp_path / "runs" / "p" / "comparison.xlsx"
    for name, xml in _worksheet_xml(comparison).items():
        assert "<f>" not in xml, name
    runs = pd.read_excel(comparison, sheet_name="Comparison")["run"].tolist()
    assert runs == ["base", "+cmd"]


def test_csv_text_that_a_spreadsheet_would_run_is_quoted(tmp_path):
    """The bench CSV (its park column is a file name) and the profile CSVs: text starting with
    = + - @ gets a leading apostrophe; numbers, negative ones too, are left as they are."""
    from zcpark.devtools.bench import write_csv
    out = tmp_path / "bench.csv"
    write_csv(out, ["park", "mode", "objective_cny"], [{"park": "=1+1", "mode": "-full", "objective_cny": -5.0},
                                                        {"park": "inland", "mode": "full", "objective_cny": 3.0}])
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["park", "mode", "objective_cny"], ["'=1+1", "'-full", "-5.0"], ["inland", "full", "3.0"]]
    frame = writer.csv_safe(pd.DataFrame({"@x": ["+a", "b"], "n": [-1.0, 2.0]}))
    assert list(frame.columns) == ["'@x", "n"] and frame["'@x"].tolist() == ["'+a", "b"]
    assert frame["n"].tolist() == [-1.0, 2.0]


@pytest.mark.parametrize("name", ["..", ".", "../../etc", "/etc/passwd", "a/../../b", "..\\..\\win", "C:\\Windows",
                                  "\\\\server\\share", "~", "", "   ", ".hidden", "x" * 300, "园" * 200, "CON",
                                  "con.txt", "Nul", "LPT1", "COM9.xlsx", "a\x00b", "trailing.", "-rf"])
def test_slug_stays_inside_its_folder(name):
    """No separator, drive or parent reference; never '.', '..' or hidden; at most MAX_NAME
    characters; no Windows device name; never empty; joined to a folder it stays directly in it."""
    s = slug(name)
    assert s and s not in (".", "..") and not s.startswith(".") and not s.endswith(".")
    assert not re.search(r"[/\\:\x00]", s) and len(s) <= MAX_NAME
    assert s.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM9", "LPT1"}
    base = Path("/runs/park")
    assert (base / s).resolve().parent == base


def test_slug_keeps_ordinary_names_and_long_names_apart():
    """Ordinary names are unchanged (existing run folders keep their names); two long names that
    differ only at the end get different folders; reserved names get a '_'."""
    assert slug("inland_park") == "inland_park" and slug("客户园区 v2.1") == "客户园区_v2.1"
    assert slug("CON") == "CON_" and slug("con.txt") == "con_.txt"
    a, b = "长" * 100 + "a", "长" * 100 + "b"
    assert slug(a) != slug(b) and len(slug(a)) == MAX_NAME
    assert slug("", default="run") == "run"
    data = SimpleNamespace(source="../../outside.xlsx", scenario="../../../etc")
    out = output_path(data, "/runs", study="../x")
    assert out.resolve().is_relative_to(Path("/runs/outside"))
    assert out == Path("/runs/outside/x/etc/results.xlsx")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A park named <script>..., with a tech named so that matplotlib would parse mathtext (an
    unknown command would raise) and one with an odd number of '$'."""
    folder = tmp_path_factory.mktemp("hostile")
    wb = park_workbook(
        folder / "h.xlsx", park={"name": "<script>alert('x')</script> & co"}, profiles={"cf": DAY},
        Renewables=[{"tech": r"$\notacommand{x}$", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 1,
                     "lifetime_yr": 1, "max_new_mw": 5},
                    {"tech": "pv_$5", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 2, "lifetime_yr": 1,
                     "max_new_mw": 5}])
    run(wb, runs_dir=folder / "runs")
    return folder, wb


def test_report_html_stays_escaped(hostile, capsys):
    folder, wb = hostile
    assert main(["report", str(wb), "--runs-dir", str(folder / "runs")]) == 0
    page = (folder / "runs" / "h" / "base" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page


def test_report_figures_show_dollar_signs_literally(hostile):
    """Both techs' labels reach matplotlib escaped; the capacity figure is drawn without error."""
    folder, _ = hostile
    sheets = html_report.read_results(folder / "runs" / "h" / "base" / "results.xlsx")
    pngs = html_report.Figures(sheets, None).draw()
    assert pngs["fig_capacity"][:8] == b"\x89PNG\r\n\x1a\n"
    assert html_report.plain_text(r"$\notacommand{x}$") == r"\$\notacommand{x}\$"


def test_results_get_the_users_normal_permissions(tmp_path):
    """Written files follow the umask (0o666 & ~umask), not mkstemp's 0o600: 0o644 under umask
    022, 0o640 under 027."""
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    frame = {"Summary": pd.DataFrame({"indicator": ["a"], "value": [1.0]})}
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        previous = os.umask(mask)
        try:
            out = writer.write_results(tmp_path / f"r{mask:o}.xlsx", frame)
        finally:
            os.umask(previous)
        assert out.stat().st_mode & 0o777 == mode
