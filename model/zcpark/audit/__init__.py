"""Operations audit (issue 17): metered data in, verified indicators and a disclosure report out.

`metered` reads the metered workbook (its contract as data, the park sheets with the planning
reader's definitions), `quality` lists data-quality issues (never silently fixed), `indicators`
turns meter roles into Dispatch columns and computes every indicator with the planning results'
own functions (results.sheets.acceptance_for, results.indicators, results.verdict), `disclosure`
writes the one-page disclosure.html, `template` the documented metered template, `run` ties
them together for `zcpark audit`. No Pyomo here.
"""
