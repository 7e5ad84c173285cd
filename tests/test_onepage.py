"""The one-page report: report.html (self-contained) and fig_*.png next to results.xlsx."""
import re
import warnings

import pytest

from client_park import solve_client_park
from zcpark.results import html_report as onepage
from zcpark.results.verdict import verdict as judge
from zcpark.cli import main

FIGURES = {"fig_capacity", "fig_costs", "fig_monthly_balance", "fig_week_summer", "fig_week_winter",
           "fig_matching_heatmap"}


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("onepage")
    return folder, solve_client_park(folder)


def test_cli_writes_a_self_contained_report(solved, capsys):
    folder, res = solved
    park = folder / "client.xlsx"
    assert main(["report", str(park), "--runs-dir", str(folder / "runs")]) == 0
    out = res.output.parent
    assert {p.stem for p in out.glob("fig_*.png")} == FIGURES
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in out.glob("fig_*.png"))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:)""", page)  # nothing fetched from elsewhere
    assert "url(" not in page and "<link" not in page and "<script" not in page
    assert page.count('src="data:image/png;base64,') == len(FIGURES)
    verdict = judge(res.sheets["Summary"], res.sheets["Acceptance"])
    assert verdict.level == "fragile" and verdict.headline() in page
    assert "客户园区 client park" in page
    assert not list(out.glob("*.part"))  # written atomically


def test_missing_results_exit_code_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "never_solved.xlsx"), "--runs-dir", str(tmp_path)]) == 2
    assert "solve the park first" in capsys.readouterr().err


def test_english_labels_without_a_cjk_font(solved, monkeypatch):
    """CI has no CJK font: the figures are labelled in English and no glyph goes missing."""
    folder, res = solved
    monkeypatch.setattr(onepage, "cjk_font", lambda: None)
    sheets = onepage.read_results(res.output)
    figures = onepage.Figures(sheets, None)
    assert figures.label("装机容量", "Capacity") == "Capacity"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = figures.draw()
    assert set(pngs) == FIGURES
    assert not [w for w in caught if "Glyph" in str(w.message)]
