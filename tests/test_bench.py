"""`make bench` rows (zcpark.devtools.bench): every field a row carries is a column of the CSV, so a
long benchmark is never lost at the end to a stage it did not know (it once failed on the
business-as-usual stages). Correctness only; the timings are the benchmark's."""
from factory import park_workbook

from zcpark.devtools import bench

DAY = [0.0] * 6 + [0.6] * 12 + [0.0] * 6


def test_a_bench_row_fits_the_csv(tmp_path):
    """A one-day park with PV: the row's keys are all in FIELDS, bau_s (the business-as-usual solve
    every run makes) is a number, and total_s is the sum of the stages it lists."""
    wb = park_workbook(tmp_path / "p.xlsx", profiles={"cf": DAY},
                       Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100,
                                    "lifetime_yr": 1, "max_new_mw": 50}])
    row = bench.one(str(wb), str(tmp_path / "runs"), 0)
    assert set(row) <= set(bench.FIELDS), set(row) - set(bench.FIELDS)
    assert row["bau_s"] >= 0
    stages = [k for k in row if k.endswith("_s") and k != "total_s"]
    assert abs(row["total_s"] - sum(row[k] for k in stages)) < 0.05
    bench.write_csv(tmp_path / "bench.csv", bench.FIELDS, [row])
    assert (tmp_path / "bench.csv").read_text().startswith("park,mode,status")
