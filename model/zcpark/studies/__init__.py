"""Many runs: scenarios, the cost-carbon frontier, sensitivity and fleets (`kinds`), run as
independent tasks on dask.distributed (`batch`; Dask is imported only when a batch runs), and
their summary workbooks (`study_workbook`)."""
