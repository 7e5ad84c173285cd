"""Stage 2: the optimisation core. Plain park data (`data`), one definition of every quantity
(`accounting`), the technology roles (`technologies`), investment costs (`investment`), the Pyomo
model (`build` + one module per component in `components/`), the hand-off to HiGHS (`solve`,
options in `options`) and the solved model read back into plain tables (`extract`)."""
