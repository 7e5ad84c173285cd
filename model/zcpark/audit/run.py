"""One audit (`zcpark audit`): read the metered workbook, check its quality, compute every
indicator, write runs/<name>/audit/audit.xlsx and disclosure.html. Nothing is written when the
workbook has a structural problem (InputError), and an output that cannot be written stops the
audit before any figure is computed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from zcpark.audit import quality
from zcpark.audit.indicators import Audit, audit_hours, audited_year, counted_instruments, monthly_trajectory
from zcpark.audit.metered import hourly_mwh, read_metered
from zcpark.core import accounting as acc
from zcpark.errors import InputError, Problem
from zcpark.paths import slug
from zcpark.results.indicators import carbon_intensity_limit
from zcpark.provenance import file_sha256, versions
from zcpark.workbook.writer import check_writable, save_atomically, write_results

AUDIT_FILE, DISCLOSURE_FILE = "audit.xlsx", "disclosure.html"


@dataclasses.dataclass
class AuditResult:
    audit: Audit
    sheets: dict[str, pd.DataFrame]
    written: list[Path]


def audit_folder(path: str | Path, runs_dir: str | Path = "runs") -> Path:
    return Path(runs_dir) / slug(Path(path).stem) / "audit"


def _gap_rows(metered, hours, hourly, gaps, headline: Audit, instruments) -> list[dict]:
    """One row for the missing hours, with their effect on the intensity: the range of the headline
    (missing hours as nothing metered, or filled), all of them at every meter's min, and all at its
    max over the complete hours. A range of these three cases, not a proof of the worst case (a
    meter that raises intensity at its max could pair with one that lowers it at its min)."""
    if not gaps.any():
        return []
    n = len(hours)
    figures = [audit_hours(metered, quality.at_bound(hourly, b), n, instruments).intensity() for b in ("min", "max")]
    figures.append(headline.intensity())
    low, high = np.nanmin(figures), np.nanmax(figures)
    meters = [m for m, v in hourly.items() if np.isnan(v).any()]
    move = max(abs(high - headline.intensity()), abs(headline.intensity() - low))
    return [{"interval": f"{int(gaps.sum())} missing hours", "meter": ", ".join(meters),
             "issue": "hours without a complete set of readings (first: " + quality.when(hours[np.argmax(gaps)]) + ")",
             "effect": f"intensity {low:.4f} to {high:.4f} tCO2/tce (±{move:.4f}) with the missing hours at every "
                       f"meter's min, and at its max, over the other hours"}]


def plan_comparison(plan_path: str | Path, headline: Audit) -> pd.DataFrame:
    """Key Summary figures and each target's pass, planned against metered, and whether the
    difference moved the verdict (a target passing in one and failing in the other)."""
    try:
        plan = pd.read_excel(plan_path, sheet_name=["Summary", "Acceptance"])
        plan["Summary"][["indicator", "value"]], plan["Acceptance"][["indicator", "pass", "enforce"]]
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError([Problem(str(plan_path), None, None, f"a file without readable Summary and Acceptance "
                                  f"sheets ({exc})", "a results.xlsx written by `zcpark run`",
                                  f"没有可读的 Summary 和 Acceptance 表的文件（{exc}）", "由 `zcpark run` 写出的 results.xlsx")]) from exc
    planned = dict(zip(plan["Summary"]["indicator"], plan["Summary"]["value"]))
    rows = []
    for indicator, value, unit in headline.summary.itertuples(index=False, name=None):
        other = planned.get(indicator)
        if isinstance(value, (int, float)) and isinstance(other, (int, float)) and not isinstance(value, bool):
            rows.append({"section": "summary", "indicator": indicator, "unit": unit, "planned": other, "metered": value,
                         "difference": value - other, "moved_verdict": None})
    metered_pass = dict(zip(headline.acceptance["indicator"], headline.acceptance["pass"]))
    for r in plan["Acceptance"].to_dict("records"):
        got = metered_pass.get(r["indicator"])
        before = None if pd.isna(r["pass"]) else bool(r["pass"])
        rows.append({"section": "target", "indicator": r["indicator"], "unit": "", "planned": before, "metered": got,
                     "difference": None, "moved_verdict": bool(r["enforce"]) and before is not None
                     and got is not None and before != got})
    return pd.DataFrame(rows, columns=["section", "indicator", "unit", "planned", "metered", "difference",
                                       "moved_verdict"])


def run_audit(path: str | Path, plan: str | Path | None = None, fill: str | None = None,
              runs_dir: str | Path = "runs", tolerance: float = quality.BALANCE_TOLERANCE) -> AuditResult:
    """Audit a metered workbook; `fill`: None (gaps count as nothing metered) or a FILL_METHODS key."""
    started = dt.datetime.now().isoformat(timespec="seconds")
    metered = read_metered(path)
    folder = audit_folder(path, runs_dir)
    for name in (AUDIT_FILE, DISCLOSURE_FILE):
        check_writable(folder / name)
    hours, hourly = hourly_mwh(metered)
    n, gaps = len(hours), quality.missing_hours(hours, hourly)
    year = audited_year(hours)
    instruments, instrument_rows = counted_instruments(metered, year)
    values = quality.fill(hours, hourly, fill) if fill else quality.as_zero(hourly)
    headline = audit_hours(metered, values, n, instruments)
    issues = (quality.timestamp_issues(metered) + quality.reading_issues(metered)
              + _gap_rows(metered, hours, hourly, gaps, headline, instruments)
              + quality.balance_issues(metered, hours, values, tolerance)
              + [{"interval": str(r["vintage_year"]), "meter": f"Instruments row {r['row']} ({r['instrument_id']})",
                  "issue": r["reason"], "effect": f"{r['amount']:g} {r['kind']} not counted"}
                 for r in instrument_rows if not r["counted"]])
    tot_limit = carbon_intensity_limit(headline.data, acc.totals(headline.sol.columns, headline.data,
                                                                 headline.sol.annual_vars))
    summary = pd.concat([headline.summary, pd.DataFrame([
        ("audited_year", year, ""), ("metered_hours", n, "h"),
        ("annualisation", headline.data.park["hours_per_year"] / n, "Park hours_per_year / metered hours"), ("reading_interval", metered.interval_min, "min"),
        ("missing_hours", int(gaps.sum()), "h"),
        ("gap_treatment", f"filled: {fill} ({quality.FILL_METHODS[fill]})" if fill else "not filled: missing hours "
         "count as nothing metered", ""), ("data_quality_issues", len(issues), "rows in Quality"),
        ("balance_tolerance", tolerance, "share")], columns=["indicator", "value", "unit"])], ignore_index=True)
    # the meters as audited, then the Dispatch columns the accounting read from them
    dispatch = headline.sol.dispatch.drop(columns="hour")
    hourly_sheet = pd.concat([pd.DataFrame({"hour_start": hours, **{m: values[m] for m in values},
                                            "complete": ~gaps, "filled": gaps & bool(fill)}),
                              dispatch[[c for c in dispatch.columns if c not in values]]], axis=1)
    sheets = {"Summary": summary, "Acceptance": headline.acceptance, "Carbon": headline.carbon,
              "Monthly": monthly_trajectory(metered, hours, values, instruments, tot_limit),
              "Quality": pd.DataFrame(issues, columns=quality.COLUMNS),
              "Instruments": pd.DataFrame(instrument_rows, columns=["row", "instrument_id", "kind", "amount",
                                                                    "vintage_year", "counted", "reason"]),
              "Hourly": hourly_sheet}
    if plan is not None:
        sheets["PlanVsMetered"] = plan_comparison(plan, headline)
    meta = [("input_file", str(path)), ("input_sha256", file_sha256(Path(path))), ("started", started),
            ("plan", str(plan) if plan else ""), *versions()]
    sheets["Meta"] = pd.DataFrame(meta, columns=["key", "value"])
    from zcpark.audit.disclosure import disclosure_html
    written = [write_results(folder / AUDIT_FILE, sheets)]
    page = disclosure_html(sheets, headline)
    written.append(save_atomically(folder / DISCLOSURE_FILE, lambda tmp: Path(tmp).write_text(page, encoding="utf-8")))
    return AuditResult(headline, sheets, written)
