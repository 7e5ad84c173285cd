"""Stage 1 and last: the Excel side. The input contract (`schema`), reading and validating a park
workbook into plain `ParkData` (`reader`, `validate`), the blank template (`template`), and the
atomic .xlsx writer every results and study workbook goes through (`writer`). No Pyomo here."""
