"""scipy.sparse for the core, without the scipy.stats that Pyomo would import with it.

Pyomo declares scipy a deferred import with a finalizer that imports `scipy.stats`,
`scipy.integrate` and `scipy.spatial` as soon as anyone imports scipy (its
`DeferredImportCallbackFinder` hooks every `import scipy`). The core needs only `scipy.sparse`
(core/lagrangian.py here, and Pyomo's standard-form compiler in the hand-off, which reaches
scipy through that deferred import). The finalizer cost 0.65 s of the imports of every process
that solves (`import zcpark.cli, zcpark.runner, zcpark.core.solve`: 1.77 s -> 1.12 s; issue 18,
docs/performance.md). Code that wants scipy.stats imports it itself
(siteprofiles/weather.py; tsam, for typical days), and scipy loads any submodule on first
attribute access anyway. Import `sp` from here, so that the finalizer is dropped before scipy
is first imported.
"""
from __future__ import annotations


def _skip_pyomo_scipy_finalizer() -> None:
    """Drop Pyomo's scipy finalizer if scipy was not imported yet (else its cost is paid already).
    Reads only the attributes it needs: a Pyomo without them (another version) is left as it is."""
    from pyomo.common import dependencies

    indicator = getattr(dependencies, "scipy_available", None)
    if indicator is None or getattr(indicator, "_module", "resolved") is not None:
        return
    if getattr(indicator, "_callback", None) is getattr(dependencies, "_finalize_scipy", object()):
        indicator._callback = None


_skip_pyomo_scipy_finalizer()

# after the finalizer is dropped, hence not at the top
import scipy.sparse as sp

__all__ = ["sp"]
