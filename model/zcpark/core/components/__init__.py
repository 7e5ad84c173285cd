"""Model components: one module per technology family, each exposing `add_<family>(m, data)`.

Each component declares its variables with data-derived bounds, one small function per constraint
family (docstring: equation and units), its Dispatch columns in `m.terms.cols`, its investment via
`core/investment.add_investment`, its Capacity rows and design variables. Which kinds a family
models, and their roles, are in `core/technologies.py`. The checklist for a new kind or a new
family is docs/adding_a_technology.md.
"""
