"""The sheet-by-sheet reference of docs/workbook.md, written from the schema (`make docs`).

docs/workbook.md is the project's user-facing copy of the workbook contract. Its prose (what the
numbers mean) is written by hand; its reference of every sheet, column, unit, default and range is
this module's output, placed between the two GENERATED markers, so that it can never disagree with
the reader, the validation and the template, which all read the same schema.
`tests/test_template_validation.py` checks that the committed reference is current.
"""
from __future__ import annotations

import sys
from pathlib import Path

from zcpark.workbook import schema
from zcpark.workbook.schema_zh import SHEETS as SHEET_ZH, field_zh
from zcpark.workbook.template import PROFILE_NOTE, _default_text, _rule_text, indicator_zh

BEGIN = "<!-- GENERATED from model/zcpark/workbook/schema.py by `make docs`: do not edit by hand -->"
END = "<!-- END GENERATED -->"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def reference() -> str:
    """Markdown: one section per sheet (Profiles last), one table row per column or parameter."""
    out = []
    for sheet in (*schema.SHEETS, None):
        if sheet is None:
            name, fields, doc, kind, required = "Profiles", schema.PROFILE_FIXED, PROFILE_NOTE, "table", True
        else:
            name, fields, doc, kind, required = sheet.name, sheet.fields, sheet.doc, sheet.kind, sheet.required
        layout = "rows of `parameter`, `value`" if kind == "params" else "one row per item, columns below"
        out += [f"### {name}{'' if required else ' (optional)'}", "", f"{doc} ({layout}.)", "", SHEET_ZH[name], "",
                "| column / parameter | accepts | unit | default | meaning | 中文说明 |", "|---|---|---|---|---|---|"]
        out += [f"| `{f.name}` | {_cell(_rule_text(f))} | {_cell(f.unit)} | {_cell(_default_text(f))} | {_cell(f.doc)} "
                f"| {_cell(field_zh(name, f.name))} |" for f in fields]
        if name == "Targets":
            out += ["", "| indicator | unit | meaning | 指标 |", "|---|---|---|---|"]
            out += [f"| `{ind}` | {_cell(unit)} | {_cell(text)} | {indicator_zh(ind)} |"
                    for ind, (unit, text) in schema.TARGET_INDICATORS.items()]
        if name == "Guiding":
            out += ["", "| indicator | threshold | unit | meaning | 指标 |", "|---|---|---|---|---|"]
            out += [f"| `{ind}` | {'≤' if sense == 'max' else '≥'} {limit:g} | {_cell(unit)} | {_cell(text)} "
                    f"| {indicator_zh(ind)} |" for ind, (limit, sense, unit, text) in schema.GUIDING_INDICATORS.items()]
        out.append("")
    return "\n".join(out)


def updated(document: str) -> str:
    """`document` with the text between the markers replaced by the current reference."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{reference()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:] or ["docs/workbook.md"])[0])
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated the sheet reference in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
