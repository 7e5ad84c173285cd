"""The `zcpark` command: run, check, template, profiles, and the batches scenarios, frontier,
sensitivity, fleet. Exit codes: 0 solved (a batch: it ran, even if some runs failed), 2 invalid
input or option (or an output that cannot be written), 3 infeasible, 4 solver failed or no solution
in time, 130 stopped with Ctrl-C. No traceback for a user error unless --debug."""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import logging
import math
import sys
import traceback

from zcpark.core import progress
from zcpark.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOLVER, InfeasibleError, InputError, ZcparkError
from zcpark.core.options import RUN_PARALLEL, SolveOptions
from zcpark.language import LANGUAGES, pick, resolve


def _add_lang(parser) -> None:
    parser.add_argument("--lang", default=None, choices=LANGUAGES,
                        help="language of the messages: zh, en or both (default: the Park sheet's language, "
                             "else both)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zcpark", description="Least-cost zero-carbon park planning.")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="solve a park workbook and write runs/<park>/<scenario>/results.xlsx")
    r.add_argument("park", help="input workbook (.xlsx)")
    r.add_argument("--scenario", default=None, help="a scenario of the Scenarios sheet (default: base)")
    r.add_argument("--runs-dir", default="runs")
    r.add_argument("--time-limit", type=POSITIVE, default=600.0, help="seconds (default 600)")
    r.add_argument("--gap", type=SHARE, default=1e-3, help="relative MIP gap (default 0.001)")
    r.add_argument("--threads", type=COUNT, default=0, help="HiGHS threads (0: HiGHS decides)")
    r.add_argument("--parallel", type=COUNT, default=RUN_PARALLEL, metavar="K",
                   help="line/minimum-build combinations solved at once, one HiGHS each (default 0: one per core; "
                        "1: one at a time, the same LPs in the same order on every run)")
    r.add_argument("--lp-method", default="choose", choices=("choose", "simplex", "ipm"))
    r.add_argument("--strategy", default="auto", choices=("auto", "enumerate", "mip"),
                   help="enumerate discrete choices with warm-started LPs (exact), or HiGHS branch-and-cut")
    r.add_argument("--verbose", action="store_true", help="show the HiGHS log")
    r.add_argument("--typical-days", type=COUNT, default=None, metavar="K",
                   help="size on K typical days + extreme days, then check the plan hour by hour on the full "
                        "horizon (Validation sheet); 0: full horizon (default: the Park sheet's typical_days)")
    _add_lang(r)
    c = sub.add_parser("check", help="validate a workbook only")
    c.add_argument("park")
    c.add_argument("--scenario", default=None)
    _add_lang(c)
    t = sub.add_parser("template", help="write a blank, self-documenting input workbook")
    t.add_argument("out", nargs="?", default="template.xlsx")
    rep = sub.add_parser("report", help="write report.html and fig_*.png next to a solved park's results.xlsx")
    rep.add_argument("park", help="the input workbook that was solved, its run folder, or a results.xlsx")
    rep.add_argument("--scenario", default=None)
    rep.add_argument("--runs-dir", default="runs")
    _add_profiles_parser(sub)
    _add_study_parsers(sub)
    _add_audit_parsers(sub)
    return p


def _add_audit_parsers(sub) -> None:
    """`audit` (metered data -> audit.xlsx + disclosure.html) and `template-metered` (zcpark/audit/)."""
    a = sub.add_parser("audit", help="audit a metered workbook: runs/<name>/audit/audit.xlsx and disclosure.html")
    a.add_argument("metered", help="metered workbook (.xlsx; `zcpark template-metered` writes one)")
    a.add_argument("--plan", default=None, help="a results.xlsx to compare the metered figures with")
    a.add_argument("--fill", default=None, choices=("linear", "profile"),
                   help="fill missing hours (linear: between the readings either side; profile: the meter's mean "
                        "at that hour of day); default: not filled, reported in Quality")
    a.add_argument("--tolerance", type=SHARE, default=0.02, help="site balance tolerance, share of supply (0.02)")
    a.add_argument("--runs-dir", default="runs")
    t = sub.add_parser("template-metered", help="write a documented metered-workbook example")
    t.add_argument("out", nargs="?", default="template_metered.xlsx")


def _add_study_parsers(sub) -> None:
    """`scenarios`, `frontier`, `sensitivity`, `fleet`: batches of runs on dask (model/zcpark/studies.py)."""
    helps = {"scenarios": "solve the base and every scenario; write runs/<park>/comparison.xlsx",
             "frontier": "minimum cost against the carbon-intensity limit; write runs/<park>/frontier.xlsx",
             "sensitivity": "key inputs at -/+ a percentage; write runs/<park>/sensitivity.xlsx (tornado)",
             "fleet": "solve every park workbook in a folder; write <runs-dir>/fleet.xlsx"}
    for name, text in helps.items():
        b = sub.add_parser(name, help=text, description=text + ". Exit code 0 when the batch ran, even if "
                           "some runs failed (the summary workbook lists them with their reasons).")
        b.add_argument("target", metavar="folder" if name == "fleet" else "park",
                       help="folder of park workbooks" if name == "fleet" else "input workbook (.xlsx)")
        b.add_argument("--workers", type=COUNT, default=None,
                       help="local dask workers (default: one per core; 0: in this process, no dask)")
        b.add_argument("--scheduler", default=None,
                       help="tcp://host:port of an existing dask cluster (default: $DASK_SCHEDULER_ADDRESS)")
        b.add_argument("--threads", type=COUNT, default=1, help="HiGHS threads per run (default 1)")
        b.add_argument("--time-limit", type=POSITIVE, default=600.0, help="seconds per run (default 600)")
        b.add_argument("--gap", type=SHARE, default=1e-3, help="relative MIP gap (default 0.001)")
        b.add_argument("--runs-dir", default="runs")
        b.add_argument("--typical-days", type=COUNT, default=None, metavar="K",
                       help="every run sized on K typical days, checked on the full horizon (as in `run`)")
        _add_lang(b)
        if name == "frontier":
            b.add_argument("--points", type=_bounded(int, 2, 1000), default=8,
                           help="points, the no-limit one included (default 8, at least 2)")
        if name == "sensitivity":
            b.add_argument("--percent", type=_bounded(float, 0.001, 99.999), default=10.0,
                           help="change of each input, %% (default 10; between 0 and 100)")


def _bounded(kind, low, high=math.inf, *, above: bool = False):
    """An argparse type: `kind` within [low, high], or (low, high] when `above`. Otherwise, NaN
    included, argparse exits with code 2 and names the option (e.g. "argument --gap: -1: ...")."""
    what = "a whole number" if kind is int else "a number"
    what += (f" > {low:g}" if above else f" >= {low:g}") if high == math.inf else f" from {low:g} to {high:g}"

    def convert(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r}: expected {what}") from None
        if not ((low < value) if above else (low <= value)) or not value <= high:  # NaN fails both
            raise argparse.ArgumentTypeError(f"{text}: expected {what}")
        return value
    return convert


POSITIVE = _bounded(float, 0.0, above=True)   # seconds, MW
SHARE = _bounded(float, 0.0, 1.0)              # a relative gap
COUNT = _bounded(int, 0)                       # threads, workers, typical days (0: the default meaning)


def _add_profiles_parser(sub) -> None:
    from zcpark.siteprofiles.weather import CLIMATES
    from zcpark.siteprofiles.profiles import ARCHETYPES, WIND_HUB_HEIGHT_M
    f = sub.add_parser("profiles", help="hourly PV / wind capacity factors and a load shape for a site "
                       "(columns for the Profiles sheet, labels for the README sheet)")
    f.add_argument("--lat", type=float, required=True, help="latitude, degrees north")
    f.add_argument("--lon", type=float, required=True, help="longitude, degrees east")
    f.add_argument("--year", type=int, default=2025, help="calendar year (weekdays, sun positions; default 2025)")
    f.add_argument("--tz", default="Asia/Shanghai", help="time zone of the Profiles hours (default Asia/Shanghai)")
    f.add_argument("--seed", type=int, default=1, help="seed of the synthetic weather and load noise (default 1)")
    f.add_argument("--climate", default="generic", choices=sorted(CLIMATES),
                   help="climatology of the synthetic weather (default generic; see data/SOURCES.md)")
    f.add_argument("--weather", default=None, help="EPW, TMY3 or CSV weather file (replaces synthetic weather)")
    f.add_argument("--tilt", type=float, default=None, help="PV tilt, degrees (default 0.8 x latitude)")
    f.add_argument("--azimuth", type=float, default=180.0, help="PV azimuth, degrees from north (default 180)")
    f.add_argument("--hub-height", type=float, default=WIND_HUB_HEIGHT_M, help="wind hub height, m")
    f.add_argument("--load-archetype", default=None, choices=sorted(ARCHETYPES), help="add electric_load_mw")
    f.add_argument("--peak-mw", type=POSITIVE, default=None, help="peak of the load archetype, MW")
    f.add_argument("--out", default="site_profiles.csv", help=".csv (labels go to <name>.readme.csv) or .xlsx")


@contextlib.contextmanager
def _progress_lines(lang: str, verbose: bool):
    """Print the heartbeat's lines (core/progress.py) in the console's language while a run works;
    with --verbose they are log lines like the rest (English)."""
    if verbose:
        yield
        return
    log = progress.LOG

    class Lines(logging.Handler):
        def emit(self, record):
            snap = getattr(record, "progress", None)
            if snap is not None:
                print(progress.describe(snap, lang), flush=True)

    handler, level, propagate = Lines(), log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate


def _run(args) -> int:
    from zcpark.results.finance import money_line
    from zcpark.results.zones import console_line as zones_line
    from zcpark.results.verdict import verdict as judge
    from zcpark.runner import run
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    opts = SolveOptions(time_limit=args.time_limit, mip_rel_gap=args.gap, threads=args.threads,
                        parallel=args.parallel, lp_method=args.lp_method, strategy=args.strategy, verbose=args.verbose)
    if not args.typical_days:  # nothing is printed while HiGHS works: say what to expect (0: the full horizon)
        print(pick(resolve(args.lang), f"求解 {args.park} …（全年逐时求解可能需要几分钟；先看大概可用 --typical-days 8）",
                   f"solving {args.park} ... (a full year hour by hour can take minutes; --typical-days 8 for a first "
                   "look)", sep="\n"), flush=True)
    with _progress_lines(resolve(args.lang), args.verbose), progress.heartbeat():
        res = run(args.park, scenario=args.scenario, runs_dir=args.runs_dir, options=opts, typical_days=args.typical_days)
    s = res.summary()
    lang = resolve(args.lang, res.data.park.get("language"))
    judged = judge(res.sheets["Summary"], res.sheets["Acceptance"])
    zoned = "boundary_carbon_intensity_t_per_tce" in s  # a park within a park: the verdict is the boundary's
    intensity = s["boundary_carbon_intensity_t_per_tce" if zoned else "carbon_intensity_t_per_tce"]
    intensity = 0.0 if abs(intensity) < 1e-9 else intensity  # no "-0.000" from float noise
    # NaN: no energy use; a boundary is shown to 4 decimals, since 0.2002 fails a 0.2 limit
    intensity_text = "n/a" if intensity != intensity else f"{intensity:.4f}" if zoned else f"{intensity:.3f}"
    gap = s["mip_gap"]
    gap_text = "gap unknown" if gap is None or gap != gap else f"gap {gap:.2%}"  # NaN: search stopped early
    if lang == "zh":
        print(f"{s['park']} [{s['scenario']}]：{s['solver_status']}（{gap_text}）；"
              f"年总成本 {s['total_cost_cny_per_yr'] / 1e4:,.1f} 万元/年；"
              f"{'试点边界' if zoned else ''}单位能耗碳排放 {intensity_text} tCO2/tce（{s['carbon_method']}）")
    else:
        print(f"{s['park']} [{s['scenario']}]: {s['solver_status']} ({gap_text}); "
              f"cost {s['total_cost_cny_per_yr'] / 1e6:,.2f} M CNY/yr; "
              f"{'boundary ' if zoned else ''}{intensity_text} tCO2/tce ({s['carbon_method']}); plan {judged.plain()}")
    print("  " + pick(lang, "结论", "verdict") + ": " + judged.headline(lang))
    if judged.fragile:
        fragile = ", ".join(judged.fragile)
        if any(judged.failing_by_rule.values()):
            print("  " + pick(lang, f"警告：仅在执行的核算方法（或公共母线的归属规则）下通过，在其他方法或规则下未通过：{fragile}",
                              "warning: passes only under the enforced method (or attribution rule of the common bus), "
                              f"fails under another: {fragile}", sep="\n  "))
        else:
            print("  " + pick(lang, f"警告：仅在执行的核算方法下通过，在其他方法下未通过：{fragile}",
                              f"warning: passes only under the enforced method, fails under another: {fragile}",
                              sep="\n  "))
        accepted = judged.method_result("ndrc_910")
        if accepted is not None:  # which result counts (issue 19: "amber, and then?")
            print("  " + pick(lang, f"验收以 ndrc_910（910号附件4）为准，本方案按该方法{'通过' if accepted else '未通过'}；"
                              "其他方法仅用于“漂绿”检验。",
                              f"acceptance is decided under ndrc_910 (910号 Annex 4), which this plan "
                              f"{'passes' if accepted else 'fails'}; the other methods are a green-washing check.",
                              sep="\n  "))
    if "boundary_carbon_intensity_t_per_tce" in s:  # a park within a park: the verdict is the boundary's
        print("  " + zones_line(s, lang))
    if "total_investment_cny" in s:
        if lang != "zh":
            print("  " + ("money" if lang == "en" else "money 投资与收益") + ": " + money_line(s))
        if lang != "en":
            print("  投资与收益: " + money_line(s, "zh"))
    if "npv_cny" in s:  # a build pathway: the line above is its acceptance year
        years = res.sheets["Years"]
        first, last, acceptance = int(years["year"].iloc[0]), int(years["year"].iloc[-1]), int(s["acceptance_year"])
        print("  " + pick(lang, f"建设期路线图 {first}-{last}：NPV {s['npv_cny'] / 1e8:,.2f} 亿元；以上结论为 {acceptance} 年"
                                f"（验收年）的数值（路线图见 Pathway、Years、Roadmap 表）",
                          f"pathway {first}-{last}: NPV {s['npv_cny'] / 1e6:,.2f} M CNY; the figures above are "
                          f"{acceptance}'s (roadmap: sheets Pathway, Years, Roadmap)", sep="\n  "))
    if res.sizing is not None:
        print("  " + _validation_line(s["time_resolution"], res.sheets["Validation"]))
    t = res.seconds
    print(f"  {pick(lang, '用时', 'seconds')}: " + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    print(f"  {pick(lang, '结果', 'results')}: {res.output}")
    for warning in res.warnings:
        print(f"  warning: {warning}")
    _print_notes(res.data.notes, "all in the Warnings sheet of results.xlsx", lang, "全部列在 results.xlsx 的 Warnings 表")
    return EXIT_OK


def _print_notes(notes, where: str, lang: str = "en", where_zh: str = "") -> None:
    from zcpark.results.warnings_sheet import console_lines
    for line in console_lines(notes, where, lang, where_zh):
        print("  " + line)


def _validation_line(resolution: str, validation) -> str:
    """Typical periods: what the plan costs on the full horizon, and any target it loses there."""
    cost = validation[validation["indicator"] == "total_cost_cny_per_yr"].iloc[0]
    targets = validation[validation["section"] == "target"]
    lost = targets[(targets["pass_typical_periods"] == True) & (targets["pass_full_horizon"] == False)]  # noqa: E712
    held = ("every target that passed on typical periods still passes" if lost.empty
            else "FAILS on the full horizon: " + ", ".join(lost["indicator"]))
    return (f"{resolution}: cost {cost['typical_periods'] / 1e6:,.2f} M CNY/yr on typical periods, "
            f"{cost['full_horizon'] / 1e6:,.2f} M on the full horizon ({cost['relative_difference']:+.2%}); {held}")


def _study(args) -> int:
    """Run a batch study; print one line per run and where the summary workbook is."""
    from zcpark.studies.batch import ClusterConfig, is_ok
    from zcpark.studies.kinds import describe, run_study
    params = {"frontier": {"points": getattr(args, "points", None)},
              "sensitivity": {"percent": getattr(args, "percent", None)}}.get(args.command, {})
    cluster = ClusterConfig(workers=args.workers, scheduler=args.scheduler)
    opts = SolveOptions(time_limit=args.time_limit, mip_rel_gap=args.gap, threads=args.threads)
    lang = resolve(args.lang)  # a batch has many workbooks: the option, else both
    print(f"{args.command}: {args.target} on {cluster.describe()}", flush=True)
    study = run_study(args.command, args.target, cluster, opts, args.runs_dir, args.typical_days, **params)
    for row in study.rows:
        print("  " + describe(row, lang))
    for key, value in study.meta:  # what the study found besides its runs (e.g. the least-CO2 intensity)
        print(f"  {key}: {value}")
    failed = sum(not is_ok(row) for row in study.rows)
    print(pick(lang, f"已写入 {study.output}（{len(study.rows)} 次运行，{failed} 次失败）",
               f"wrote {study.output} ({len(study.rows)} runs, {failed} failed)", sep="\n"))
    for warning in study.warnings:
        print(f"  warning: {warning}")
    return EXIT_OK


def _check(args) -> int:
    from zcpark.workbook.reader import read_workbook
    data = read_workbook(args.park, args.scenario)
    lang = resolve(args.lang, data.park.get("language"))
    zh = (f"{args.park}：有效（{data.n_steps} 个时段，{len(data.renewables)} 个新能源，{len(data.storage)} 个储能，"
          f"{len(data.heat_supply)} 个供热设备，{len(data.lines)} 条直连线路）")
    en = (f"{args.park}: valid ({data.n_steps} time steps, {len(data.renewables)} renewables, "
          f"{len(data.storage)} stores, {len(data.heat_supply)} heat converters, {len(data.lines)} direct lines)")
    print(pick(lang, zh, en, sep="\n"))
    _print_notes(data.notes, "a run lists them all in the Warnings sheet of results.xlsx", lang,
                 "运行后全部列在 results.xlsx 的 Warnings 表")
    return EXIT_OK


def _template(args) -> int:
    from zcpark.workbook.template import write_template
    print(f"wrote {write_template(args.out)}")
    return EXIT_OK


def _report(args) -> int:
    """The report never re-solves: it reads runs/<park>/<scenario>/results.xlsx (solve first); an
    infeasible run's folder or diagnosis.xlsx is an error (exit code 3) that says where the diagnosis is."""
    from zcpark.results.html_report import report_source, write_report
    results = report_source(args.park, args.scenario, args.runs_dir)
    written = write_report(results)
    print(f"wrote {written[-1]} and {len(written) - 1} figures in {results.parent}")
    return EXIT_OK


def _audit(args) -> int:
    from zcpark.audit.run import run_audit
    result = run_audit(args.metered, plan=args.plan, fill=args.fill, runs_dir=args.runs_dir, tolerance=args.tolerance)
    print(f"{args.metered}: {result.audit.verdict.plain()}")
    issues = len(result.sheets["Quality"])
    print(f"{issues} data-quality issue{'s' if issues != 1 else ''} (sheet Quality)" if issues else
          "no data-quality issue")
    print("wrote " + ", ".join(str(p) for p in result.written))
    return EXIT_OK


def _template_metered(args) -> int:
    from zcpark.audit.template import write_metered_template
    print(f"wrote {write_metered_template(args.out)}")
    return EXIT_OK


def _profiles(args) -> int:
    from zcpark.errors import EXIT_INPUT
    from zcpark.siteprofiles.profiles import site_profiles, write_site_profiles
    try:
        table, labels = site_profiles(args.lat, args.lon, year=args.year, tz=args.tz, seed=args.seed,
                                      tilt=args.tilt, azimuth=args.azimuth, hub_height_m=args.hub_height,
                                      climate=args.climate, weather_file=args.weather,
                                      archetype=args.load_archetype, peak_mw=args.peak_mw)
        written = write_site_profiles(table, labels, args.out)
    except (ValueError, OSError) as e:  # a bad weather file or option: the user's to fix
        print(f"invalid input: {e}", file=sys.stderr)
        return EXIT_INPUT
    means = ", ".join(f"{c} {table[c].mean():.4f}" for c in table.columns if c != "hour")
    print(f"{len(table)} hours; annual means: {means}")
    print("wrote " + ", ".join(written))
    return EXIT_OK


def _print_infeasible(e: InfeasibleError, lang: str) -> None:
    """What failed and the diagnosis's reasons, in `lang` (both: each English reason, then its Chinese)."""
    if lang == "zh":
        print(f"不可行：{e.message_zh or e}", file=sys.stderr)
    else:
        print(f"{pick(lang, '不可行（没有方案能同时满足全部强制目标和限值）', 'infeasible')}: {e}", file=sys.stderr)
    translated = len(e.reasons_zh) == len(e.reasons)  # a diagnosis writes both; other reasons are English only
    for reason, reason_zh in zip(e.reasons, e.reasons_zh if translated else [""] * len(e.reasons)):
        if lang != "zh" or not translated:
            print(f"  - {reason}", file=sys.stderr)
        if lang != "en" and translated:
            print(f"  - {reason_zh}" if lang == "zh" else f"    {reason_zh}", file=sys.stderr)


def _exit_at_once(code: int) -> None:
    """End the process now, without the interpreter's teardown, its output flushed first: Python's
    streams and the C library's, where HiGHS writes its log (os._exit flushes neither; with stdout
    a pipe or a file, the end of a `--verbose` HiGHS log was lost)."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        ctypes.CDLL(None).fflush(None)  # every C stdio stream
    except (OSError, AttributeError, TypeError):  # no C library to load by that name (Windows): nothing to flush
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    option = getattr(args, "lang", None)
    try:
        handlers = {"run": _run, "check": _check, "template": _template, "report": _report, "profiles": _profiles,
                    "audit": _audit, "template-metered": _template_metered,
                    **dict.fromkeys(("scenarios", "frontier", "sensitivity", "fleet"), _study)}
        return handlers[args.command](args)
    except InputError as e:
        lang = resolve(option, e.language)
        print(f"{pick(lang, '输入有误', 'invalid input')}: {e.summary(lang)}", file=sys.stderr)
        return e.exit_code
    except InfeasibleError as e:
        _print_infeasible(e, resolve(option, e.language))
        return e.exit_code
    except (ZcparkError, FileExistsError) as e:
        if args.debug:
            traceback.print_exc()
        print(f"{pick(resolve(option, getattr(e, 'language', None)), '错误', 'error')}: {e}", file=sys.stderr)
        return getattr(e, "exit_code", EXIT_SOLVER)
    except KeyboardInterrupt:  # Ctrl-C: HiGHS stops within an iteration (stopping.run_highs), a batch closes its cluster
        if args.debug:
            traceback.print_exc()
        print(pick(resolve(option), "已中断（Ctrl-C）：没有留下写了一半的文件，之前的结果未改动。",
                   "interrupted (Ctrl-C): stopped; nothing half-written is left and earlier results are unchanged"),
              file=sys.stderr)
        if args.command == "run":
            # Exit without the interpreter's teardown: after a `--parallel 2` solve was interrupted, the
            # C++ teardown at exit sometimes aborted the process ("terminate called without an active
            # exception", exit -6), a worker's HiGHS still running (fixed in core/enumeration._run_workers;
            # docs/performance.md). A guard against any such teardown: nothing is left to write or close.
            _exit_at_once(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
    except OSError as e:  # a file that cannot be read or written: the machine's state, not a bug
        if args.debug:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as e:  # a bug, not a user error: say so plainly
        if args.debug:
            raise
        print(pick(resolve(option), "内部错误（zcpark 的缺陷，请报告）", "internal error (a bug in zcpark, please report it)")
              + f": {type(e).__name__}: {e}; rerun with --debug for the traceback", file=sys.stderr)
        return EXIT_SOLVER


if __name__ == "__main__":
    raise SystemExit(main())
