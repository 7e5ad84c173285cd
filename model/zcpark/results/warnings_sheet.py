"""The reader's notes (ParkData.notes) as the results' Warnings sheet and as console lines.

A note is a default applied to a blank cell (kind `default`) or a value that is probably a unit
mistake (kind `plausibility`); errors never get here (they stop the run).
"""
from __future__ import annotations

import pandas as pd

COLUMNS = ["sheet", "row", "column", "kind", "message", "message_zh"]
CONSOLE_FIRST = 5  # notes shown on the console; the sheet has them all


def warnings_table(notes) -> pd.DataFrame:
    """One row per note, plausibility warnings first (the reader's order). Empty: no warnings."""
    rows = [(n.sheet, n.row, n.column or "", n.kind, n.message, n.message_zh) for n in notes]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)  # rows stay whole numbers, blank for a whole column


def console_lines(notes, where: str, lang: str = "en", where_zh: str = "") -> list[str]:
    """A count by kind and the first few notes; `where` (`where_zh`) says where the full list is.
    `lang` zh or both: the count line in Chinese too (the notes themselves are in English)."""
    if not notes:
        return []
    plausible = sum(n.kind == "plausibility" for n in notes)
    defaults = len(notes) - plausible
    parts = [f"{plausible} implausible value{'s' if plausible != 1 else ''} (a unit mistake?)"] if plausible else []
    if defaults:
        parts.append(f"{defaults} default{'s' if defaults != 1 else ''} applied to blank cells")
    parts_zh = [f"{plausible} 个值不太合理（单位错误？）"] if plausible else []
    parts_zh += [f"{defaults} 个空单元格取了默认值"] if defaults else []
    lines = [] if lang == "zh" else [f"warnings: {', '.join(parts)}; {where}"]
    lines += [] if lang == "en" else [f"警告：{'，'.join(parts_zh)}；{where_zh or where}"]
    # implausible values first: a park that fills only what it knows gets dozens of defaults, which
    # would otherwise bury the one warning that matters (a unit mistake), seen in first use
    shown = sorted(notes, key=lambda n: n.kind != "plausibility")[:CONSOLE_FIRST]
    for n in shown:  # in both: the English line, then its Chinese when there is one
        lines += [] if lang == "zh" else [f"  - {n}"]
        lines += [f"  - {n.zh()}"] if lang == "zh" else [f"      {n.zh()}"] if lang == "both" and n.message_zh else []
    if len(notes) > CONSOLE_FIRST:
        more = len(notes) - CONSOLE_FIRST
        lines.append({"zh": f"  ……另有 {more} 条", "en": f"  ... and {more} more"}.get(lang, f"  ... and {more} more 另有 {more} 条"))
    return lines
