"""Model components: one module per technology family, each exposing `add_<component>(m, data)`.

Extension checklist (after REopt's): to add a technology,
1. describe its sheet and columns in `schema.py` (the template and validation follow);
2. check its cross-references in `validate.py`;
3. write `components/<name>.py` with `add_<name>(m, data)`: variables with data-derived bounds,
   one small function per constraint family (docstring: equation and units), its Dispatch
   columns in `m.terms.cols`, its cost terms in `m.terms.costs`, its capacities in
   `m.terms.capacity`;
4. aggregate its columns in `accounting.flows`/`totals` if they touch a balance or carbon;
5. call it from `build.build_model` and document it in docs/formulation.md;
6. add a hand-checkable test in tests/.
"""
