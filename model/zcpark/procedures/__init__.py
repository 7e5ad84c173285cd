"""Procedures built on the core model: typical periods (`typical`), the full-year check of a plan
sized on them (`fullyear_check`), elastic targets (`elastic`), infeasibility diagnosis
(`diagnose`) and the least-CO2 plan (`least_co2`)."""
