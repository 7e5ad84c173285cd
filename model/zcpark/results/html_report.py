"""The one-page report (`zcpark report`): report.html and fig_*.png next to results.xlsx.

It reads the results workbook only (it never re-solves), so the report always shows what
the workbook says. report.html is self-contained (figures embedded as base64 PNG, inline
CSS, no external links) for e-mail; the PNGs are for slides. Figures use matplotlib's Agg
backend; labels are Chinese and English when a CJK font is installed, English otherwise.
"""
from __future__ import annotations

import base64
import html
from io import BytesIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from zcpark.results import balance  # noqa: E402
from zcpark.results import labels as story  # noqa: E402
from zcpark.results.verdict import FLAG_LEVEL, LEVEL_COLOURS, Verdict, acceptance_lines  # noqa: E402
from zcpark.results.verdict import verdict as judge  # noqa: E402
from zcpark.core.accounting import METHODS  # noqa: E402
from zcpark.results.excel_charts import PALETTE  # noqa: E402
from zcpark.results.roadmap import capacity_by_year, timetable  # noqa: E402
from zcpark.results.zones import claim_text  # noqa: E402
from zcpark.errors import EXIT_INFEASIBLE, EXIT_INPUT, ZcparkError  # noqa: E402
from zcpark.paths import DIAGNOSIS_FILE, RESULTS_FILE, slug  # noqa: E402
from zcpark.workbook.writer import save_atomically  # noqa: E402

SHEETS = ("Summary", "Zones", "Finance", "Capacity", "Lines", "Costs", "Acceptance", "MatchingMonthHour", "MonthlyBalance",
          "TypicalWeeks", "Meta", "Pathway", "Years")  # the last two only in a build pathway's workbook
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Serif CJK SC")
CSS_CLASS = {"pass": "pass", "fail": "fail", "n/a": "na"}  # verdict.FLAG_LEVEL -> the CSS class below


def cjk_font() -> str | None:
    """The first installed font of CJK_FONTS, or None (then figures are labelled in English).
    matplotlib caches the fonts it found when it was first used: a CJK font installed later (e.g.
    `apt-get install fonts-noto-cjk`) is only seen after the cache is rebuilt, which is done here
    once, when the cached list has none of them."""
    global _FONTS_RESCANNED
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in installed), None)
    if found is None and not _FONTS_RESCANNED:
        _FONTS_RESCANNED = True
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)  # no public API for it
        return cjk_font()
    return found


_FONTS_RESCANNED = False


class ResultsMissing(ZcparkError):
    """No results workbook to report on (exit code 2, like any other input problem)."""
    exit_code = EXIT_INPUT


class RunInfeasible(ZcparkError):
    """The run to report on was infeasible: there is no plan, only its diagnosis (exit code 3, as the run's)."""
    exit_code = EXIT_INFEASIBLE


def _sheet_names(path: Path) -> list[str]:
    with pd.ExcelFile(path, engine="calamine") as book:
        return list(book.sheet_names)


def report_source(target: str | Path, scenario: str | None = None, runs_dir: str | Path = "runs") -> Path:
    """The workbook to report on: `target` itself when it is a results or diagnosis workbook, else
    the run folder (`target` as a folder, or runs/<park>/<scenario>/ of an input workbook) and in
    it results.xlsx, or diagnosis.xlsx when the folder's latest run was infeasible (it is newer)."""
    target = Path(target)
    if target.is_dir():
        folder = target
    else:
        if target.name in (RESULTS_FILE, DIAGNOSIS_FILE):
            return target  # read_results says if it is missing
        if target.suffix.lower() == ".xlsx" and target.exists():
            try:
                names = _sheet_names(target)
            except Exception:  # unreadable: then it is taken as the input workbook it names
                names = []
            if "Summary" in names or "Diagnosis" in names:
                return target
        folder = Path(runs_dir) / slug(target.stem) / slug(scenario or "base", default="run")
    results, diagnosis = folder / RESULTS_FILE, folder / DIAGNOSIS_FILE
    if diagnosis.exists() and (not results.exists() or diagnosis.stat().st_mtime >= results.stat().st_mtime):
        return diagnosis
    return results


def _infeasible(path: Path, book) -> RunInfeasible:
    """The error for a diagnosis workbook: the run was infeasible, why, and where to read more."""
    reasons = pd.read_excel(book, sheet_name="Diagnosis").get("message", pd.Series(dtype=object)).dropna()
    text = (f"the run was infeasible (no plan meets every enforced target within the limits): nothing to "
            f"report; its diagnosis is in {path} (sheet Diagnosis)")
    earlier = path.with_name(RESULTS_FILE)
    if path.name == DIAGNOSIS_FILE and earlier.exists():
        text += f"; {earlier} is an earlier run's: `zcpark report {earlier}` reports on that one"
    return RunInfeasible("\n  - ".join([text, *map(str, reasons)]))


def read_results(path: str | Path) -> dict[str, pd.DataFrame]:
    """The results sheets the report needs (a missing optional sheet reads as an empty table).
    A diagnosis workbook (an infeasible run) raises RunInfeasible with its reasons."""
    path = Path(path)
    if not path.exists():
        raise ResultsMissing(f"no results workbook at {path}: solve the park first (make run PARK=... / zcpark run)")
    with pd.ExcelFile(path, engine="calamine") as book:
        if "Summary" not in book.sheet_names:
            if "Diagnosis" in book.sheet_names:
                raise _infeasible(path, book)
            raise ResultsMissing(f"{path} is not a zcpark results workbook (no Summary sheet)")
        present = [name for name in SHEETS if name in book.sheet_names]  # not the long Dispatch
        frames = pd.read_excel(book, sheet_name=present)
    return {name: frames.get(name, pd.DataFrame()) for name in SHEETS}


def plain_text(text) -> str:
    """Text from the input (a tech or park name) as matplotlib shows it literally: "$...$" would
    start mathtext (and an unknown command like "$\\x$" would stop the report)."""
    return str(text).replace("$", r"\$")


class Figures:
    """Draws the report's figures; `label(zh, en)` follows the font available."""

    def __init__(self, sheets: dict[str, pd.DataFrame], font: str | None):
        self.sheets, self.font = sheets, font

    def label(self, zh: str, en: str) -> str:
        return f"{zh} {en}" if self.font else en

    def _source_label(self, name: str) -> str:
        return self.label(*story.SOURCE_LABELS[name])

    def capacity(self, ax) -> None:
        build = story.build_table(self.sheets["Capacity"], self.sheets["Lines"])
        x = np.arange(len(build))
        ax.bar(x, build["existing_mw"], color="#" + PALETTE["existing"], label=self.label("现有", "existing"))
        new = ("新建(验收年可用)", "new, available") if "new_available" in self.sheets["Capacity"] else ("新建", "new")
        ax.bar(x, build["new_mw"], bottom=build["existing_mw"], color="#" + PALETTE["new"], label=self.label(*new))
        ax.set_xticks(x, [plain_text(t) for t in build["tech"]], rotation=30, ha="right")
        ax.set_ylabel("MW")
        ax.set_title(self.label("装机容量", "Capacity by technology"))
        ax.legend(frameon=False)

    def costs(self, ax) -> None:
        costs = story.cost_table(self.sheets["Costs"])
        labels = [self.label(zh, t) for zh, t in zip(costs["label_zh"], costs["term"])]
        values = costs["cny_per_yr"] / 1e6
        ax.barh(labels, values, color=["#" + PALETTE["cost" if v >= 0 else "revenue"] for v in values])
        ax.invert_yaxis()
        ax.set_xlabel("M CNY/yr")
        ax.set_title(self.label("成本构成", "Annual cost breakdown"))

    def monthly(self, ax) -> None:
        monthly = self.sheets["MonthlyBalance"]
        bottom = np.zeros(len(monthly))
        for source in balance.BALANCE_SOURCES:
            values = monthly.get(f"{source}_mwh")
            if values is None or not values.abs().sum() > 0:
                continue
            ax.bar(monthly["month"], values / 1e3, bottom=bottom, color="#" + PALETTE[source],
                   label=self._source_label(source))
            bottom += values.to_numpy() / 1e3
        ax.plot(monthly["month"], monthly["demand_mwh"] / 1e3, color="#" + PALETTE["demand"], lw=2,
                label=self._source_label("demand"))
        if "use_mwh" in monthly and (monthly["use_mwh"] - monthly["demand_mwh"]).abs().sum() > 1e-6:
            ax.plot(monthly["month"], monthly["use_mwh"] / 1e3, color="#" + PALETTE["use"], lw=1.5, ls="--",
                    label=self._source_label("use"))
        ax.set_xticks(monthly["month"])
        ax.set_xlabel(self.label("月", "month"))
        ax.set_ylabel("GWh")
        ax.set_title(self.label("月度电量平衡", "Monthly electricity by source"))
        ax.figure.legend(frameon=False, fontsize=8, ncol=5, loc="outside lower center")

    def week(self, ax, season: str) -> None:
        weeks = self.sheets["TypicalWeeks"]
        week = weeks[weeks["week"] == season].reset_index(drop=True)
        present = [s for s in balance.BALANCE_SOURCES if week[f"{s}_mw"].abs().sum() > 0]
        x = np.arange(len(week))
        if present:  # a park with no demand has nothing to stack (matplotlib would raise)
            ax.stackplot(x, *[week[f"{s}_mw"] for s in present], colors=["#" + PALETTE[s] for s in present],
                         labels=[self._source_label(s) for s in present])
        ax.plot(x, week["demand_mw"], color="#" + PALETTE["demand"], lw=1.5, label=self._source_label("demand"))
        if "use_mw" in week and (week["use_mw"] - week["demand_mw"]).abs().sum() > 1e-6:
            ax.plot(x, week["use_mw"], color="#" + PALETTE["use"], lw=1, ls="--", label=self._source_label("use"))
        ticks = x[::24]
        ax.set_xticks(ticks, [str(t)[:5] for t in week["time"].iloc[ticks]])
        ax.set_ylabel("MW")
        zh = {"summer": "夏季典型周", "winter": "冬季典型周"}[season]
        ax.set_title(self.label(zh, f"Typical {season} week"))
        ax.figure.legend(frameon=False, fontsize=7, ncol=3, loc="outside lower center")

    def heat_map(self, ax) -> None:
        table = self.sheets["MatchingMonthHour"]
        hours = [c for c in table.columns if c != "month"]
        image = ax.imshow(table[hours].to_numpy(dtype=float), cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(0, len(hours), 2), [h[1:] for h in hours[::2]])
        ax.set_yticks(range(len(table)), table["month"].astype(int))
        ax.set_xlabel(self.label("时", "hour of day"))
        ax.set_ylabel(self.label("月", "month"))
        ax.set_title(self.label("逐时绿电匹配率", "Hourly carbon-free matching"))
        plt.colorbar(image, ax=ax, format=lambda v, _: f"{v:.0%}")

    def roadmap(self, ax) -> None:
        """A build pathway: MW available by year, stacked by technology (路线图)."""
        table = capacity_by_year(self.sheets["Pathway"])
        techs = [c for c in table.columns if c != "year"]
        x, bottom = np.arange(len(table)), np.zeros(len(table))
        for tech in techs:
            ax.bar(x, table[tech].fillna(0.0), bottom=bottom, label=plain_text(tech))
            bottom = bottom + table[tech].fillna(0.0).to_numpy()
        ax.set_xticks(x, [str(int(y)) for y in table["year"]])
        ax.set_ylabel("MW")
        ax.set_title(self.label("装机路线图", "Capacity available by year"))
        ax.legend(frameon=False, fontsize=7, ncols=min(4, max(1, len(techs))))

    def draw(self) -> dict[str, bytes]:
        """Every figure the results allow, as PNG bytes by file stem."""
        plans = {"fig_capacity": (self.capacity, (6, 3.2)), "fig_costs": (self.costs, (6, 3.2))}
        if len(self.sheets["MonthlyBalance"]):
            plans["fig_monthly_balance"] = (self.monthly, (10, 3.4))
        weeks = self.sheets["TypicalWeeks"]
        for season in ("summer", "winter"):
            if len(weeks) and (weeks["week"] == season).any():
                plans[f"fig_week_{season}"] = (lambda ax, s=season: self.week(ax, s), (6, 3.4))
        if len(self.sheets["MatchingMonthHour"]):
            plans["fig_matching_heatmap"] = (self.heat_map, (10, 3.0))
        if len(self.sheets["Pathway"]):
            plans["fig_roadmap"] = (self.roadmap, (10, 3.2))
        rc = {"font.sans-serif": [self.font, "DejaVu Sans"], "axes.unicode_minus": False} if self.font else {}
        pngs = {}
        with plt.rc_context(rc):  # fonts are resolved when the figure is saved: save inside
            for stem, (draw, size) in plans.items():
                fig, ax = plt.subplots(figsize=size, dpi=110, layout="constrained")
                try:
                    draw(ax)
                    ax.spines[["top", "right"]].set_visible(False)
                    buffer = BytesIO()
                    fig.savefig(buffer, format="png")
                    pngs[stem] = buffer.getvalue()
                finally:
                    plt.close(fig)
        return pngs


def _table(header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, value in enumerate(row):
            cls = classes[i][j] if classes else ""
            cells.append(f'<td class="{cls}">{html.escape(value)}</td>' if cls else f"<td>{html.escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _tables(sheets: dict[str, pd.DataFrame], verdict: Verdict) -> dict[str, str]:
    """The report's HTML tables: methods, key figures, what to build, acceptance."""
    methods = _table(["核算方法 method", "结论 result", "未通过 failing"],
                     [[f"{label} {m}", story.PASS_TEXT[result], ", ".join(names)]
                      for label, m, result, names in verdict.by_method()],
                     [["", CSS_CLASS[FLAG_LEVEL[result]], ""] for _, _, result, _ in verdict.by_method()])
    figures = story.key_figures(sheets["Summary"])
    key = _table(["指标 indicator", "数值 value", "单位 unit"],
                 [[f"{r.label_zh} {r.label_en}", story.show(r.value, r.fmt), r.unit]
                  for r in figures.itertuples()])
    build = story.build_table(sheets["Capacity"], sheets["Lines"], sheets.get("Finance"))
    one = story.Label("", "", fmt="one")
    money = story.Label("", "", fmt="millions")
    build_html = _table(["技术 tech", "类型 kind", "新建 new MW", "合计 total MW", "储能 MWh", "年化成本 M CNY/yr",
                         "投资 万元 upfront"],
                        [[r.tech, f"{story.KIND_LABELS.get(r.kind, '')} {r.kind}", one.show(r.new_mw),
                          one.show(r.total_mw), one.show(r.energy_mwh), money.show(r.annualized_cost_cny_per_yr),
                          story.show(r.investment_cny, "wan")]
                         for r in build.itertuples()])
    rows, classes = [], []
    shown = ("pass", *[f"pass_{m}" for m in METHODS])
    for line in acceptance_lines(sheets["Acceptance"]):
        flags = [line.flags[k] for k in shown]
        rows.append([f"{line.label.zh} {line.indicator}", line.label.show(line.limit), line.label.show(line.achieved),
                     "是 yes" if line.enforced else "否 reported only", *[story.PASS_TEXT[f] for f in flags], line.rule])
        classes.append(["", "", "", "", *[CSS_CLASS[FLAG_LEVEL[f]] for f in flags], ""])
    acceptance = _table(["指标 target", "限值 limit", "实际 achieved", "约束 enforced", "结论 pass", *METHODS, "依据 rule"],
                        rows, classes)
    return {"methods": methods, "key": key, "build": build_html, "acceptance": acceptance}


CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",Arial,sans-serif;margin:18px;color:#222;
max-width:1180px;font-size:12px}
h1{font-size:20px;margin:0 0 6px}h2{font-size:14px;margin:12px 0 4px;border-bottom:2px solid #DDEBF7}
.verdict{padding:8px 10px;font-weight:bold;font-size:14px;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{padding:2px 6px;border-bottom:1px solid #eee;text-align:left}
th{background:#F2F2F2}td:not(:first-child){text-align:right}.pass{background:#PASS_FILL;color:#PASS_FONT}
.fail{background:#FAIL_FILL;color:#FAIL_FONT}.na{color:#999}.pass,.fail,.na{white-space:nowrap}.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
.wide{grid-column:1/3}img{width:100%}footer{margin-top:10px;color:#888;font-size:10px}
.method{color:#555;margin:4px 0 0}
""".replace("PASS_FILL", LEVEL_COLOURS["pass"][0]).replace("PASS_FONT", LEVEL_COLOURS["pass"][1]).replace(
    "FAIL_FILL", LEVEL_COLOURS["fail"][0]).replace("FAIL_FONT", LEVEL_COLOURS["fail"][1])


def _roadmap_html(sheets: dict[str, pd.DataFrame]) -> str:
    """A build pathway's roadmap and timetable (路线图、时间表): one row per year; '' otherwise."""
    if not len(sheets["Years"]) or not len(sheets["Pathway"]):
        return ""
    table = timetable(sheets["Pathway"], sheets["Years"])
    three, percent = story.Label("", "", fmt="three"), story.Label("", "", fmt="percent")
    rows, classes = [], []
    for r in table.itertuples():
        fmt, unit = story.money_format(r.capital_cny, "{money}")
        ok = story.flag(r.core_pass)
        rows.append([str(int(r.year)), r.built, f"{story.show(r.capital_cny, fmt)} {unit}",
                     three.show(r.carbon_intensity_t_per_tce), three.show(r.limit_t_per_tce),
                     percent.show(r.clean_energy_share), story.PASS_TEXT[ok]])
        classes.append(["", "", "", "", "", "", CSS_CLASS[FLAG_LEVEL[ok]]])
    header = ["年 year", "当年新建 built that year", "投资 capital", "单位能耗碳排放 tCO2/tce", "当年限值 limit",
              "清洁能源占比 clean share", "核心指标 core"]
    return f"<h2>路线图与时间表 Roadmap and timetable</h2>{_table(header, rows, classes)}"


def _zones_html(sheets: dict[str, pd.DataFrame]) -> str:
    """A park within a park: what the boundary claims and what the host park sees, zh and en; '' otherwise."""
    zh, en = claim_text(sheets.get("Zones"), sheets["Summary"])
    return f"<h2>园中园 Boundary and host park</h2><p>{html.escape(zh)}</p><p>{html.escape(en)}</p>" if zh else ""


def _html(sheets: dict[str, pd.DataFrame], pngs: dict[str, bytes]) -> str:
    values = story.summary_values(sheets["Summary"])
    verdict = judge(sheets["Summary"], sheets["Acceptance"])
    background, colour = (f"#{c}" for c in LEVEL_COLOURS[verdict.level])
    tables = _tables(sheets, verdict)
    meta = dict(zip(sheets["Meta"].get("key", []), sheets["Meta"].get("value", [])))
    title = f"{values.get('park', '')} [{values.get('scenario', '')}] — 零碳园区规划 zero-carbon park plan"
    images = "".join(
        f'<div class="{"wide" if stem in ("fig_monthly_balance", "fig_matching_heatmap", "fig_roadmap") else ""}">'
        f'<img alt="{stem}" src="data:image/png;base64,{base64.b64encode(png).decode()}"></div>'
        for stem, png in pngs.items())
    footer = " · ".join(f"{k}: {html.escape(str(meta[k]))}" for k in ("input_file", "input_sha256", "started")
                        if k in meta)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style></head>
<body><h1>{html.escape(title)}</h1>
<div class="verdict" style="background:{background};color:{colour}">{html.escape(verdict.headline())}</div>
<p class="method">{html.escape(story.method_note(verdict.method))}</p>{_zones_html(sheets)}
<div class="grid"><div><h2>核算方法 Verdict by accounting method</h2>{tables['methods']}
<h2>关键指标 Key figures</h2>{tables['key']}</div>
<div><h2>建设方案 What to build</h2>{tables['build']}</div></div>
{_roadmap_html(sheets)}<h2>验收 Acceptance</h2>{tables['acceptance']}
<h2>图表 Charts</h2><div class="grid">{images}</div>
<footer>zcpark {html.escape(str(meta.get('zcpark', '')))} · {footer}</footer></body></html>
"""


def write_report(results_path: str | Path) -> list[Path]:
    """Write report.html and the fig_*.png figures next to `results_path`; returns the files written."""
    results_path = Path(results_path)
    sheets = read_results(results_path)
    pngs = Figures(sheets, cjk_font()).draw()
    folder = results_path.parent
    written = []
    for stem, png in pngs.items():
        written.append(save_atomically(folder / f"{stem}.png", lambda tmp, data=png: Path(tmp).write_bytes(data)))
    page = _html(sheets, pngs)
    written.append(save_atomically(folder / "report.html", lambda tmp: Path(tmp).write_text(page, encoding="utf-8")))
    return written
