"""Developer tools, not used by a run: `make bench` (`bench`) and `make bench-handoff`
(`handoff_bench`: the ways of handing the model to HiGHS, compared)."""
