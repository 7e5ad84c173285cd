"""Stage 3: results from plain tables, never from Pyomo. Indicators recomputed from the Dispatch
table (`indicators`), the electricity balance by source (`balance`), the results sheets in order
(`sheets`), the verdict (`verdict`), labels and formats in Chinese and English (`labels`), the
Dashboard (`dashboard`) with native Excel charts (`excel_charts`), and the one-page HTML report
(`html_report`, figures in `figures`)."""
