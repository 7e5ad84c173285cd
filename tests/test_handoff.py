"""Every way of handing the model to HiGHS (zcpark.devtools.handoff_bench.METHODS) holds the same MILP: on a
small park with every discrete choice, HiGHS sees the same integer columns and reaches the same
optimum as through zcpark's own hand-off. Correctness only; timings are `make bench-handoff`."""
import pytest

from test_solve import _discrete_park
from zcpark.devtools import handoff_bench as handoff


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    wb = _discrete_park(tmp_path_factory.mktemp("milp"))
    return wb, handoff.check(handoff.REFERENCE, wb, wb.parent)


@pytest.mark.parametrize("method", [m for m in handoff.METHODS if m != handoff.REFERENCE])
def test_method_holds_the_same_milp(method, reference, tmp_path):
    wb, ref = reference
    assert ref["milp_integers"] == 4  # two line options, the PV minimum-build switch, wind units
    row = handoff.check(method, wb, tmp_path)
    assert row["milp_integers"] == ref["milp_integers"]
    assert row["milp_objective"] == pytest.approx(ref["milp_objective"], rel=handoff.REL_TOL)
