"""One cell as a person means it: blanks, names, and numbers typed as text.

Numbers typed as text are read only where the reading is certain, and rejected with the reason
otherwise (never guessed):
- NFKC normalisation first: full-width digits and signs (１０００, －５) and ideographic or
  non-breaking spaces read as their plain forms; the minus sign U+2212 reads as "-".
- Spaces around the number are ignored; spaces inside only as groups of three digits (1 000 000).
- A comma is rejected ("1,000" is one thousand in China and one in Germany): write 1000 or 0.5.
- "10%" reads as 0.1 in a share or fraction column (Field.fraction), and is rejected elsewhere.
- NaN, inf and Excel error texts (#N/A, #DIV/0! ...) are rejected: no plan can use them.
Header and id text keep every character; invisible ones are shown as \\uXXXX in messages.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import unicodedata

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_SPACE_GROUPS = re.compile(r"[+-]?\d{1,3}( \d{3})+(\.\d*)?")
_NOT_NUMBERS = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


class NumberTextError(ValueError):
    """A cell that is not a number as written; `hint` says how to write it."""

    def __init__(self, hint: str = "", hint_zh: str = ""):
        super().__init__(hint)
        self.hint, self.hint_zh = hint, hint_zh


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "") or (isinstance(v, float) and math.isnan(v))


def show(v) -> str:
    """A found value for a message: text quoted, with invisible characters made visible."""
    return repr(v) if isinstance(v, str) else str(v)


def name(v) -> str:
    """A header or id cell as text: 2023.0 -> '2023', like a text field would read it."""
    if blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def is_invisible(ch: str) -> bool:
    """Characters a person cannot see or tell from a space: format characters (zero-width space,
    BOM, soft hyphen), controls, and every space but the plain one."""
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Cc", "Zl", "Zp") or (cat == "Zs" and ch != " ")


def visible(text: str) -> str:
    """`text` with invisible characters written as \\uXXXX (Chinese and other letters kept)."""
    return "".join(f"\\u{ord(ch):04x}" if is_invisible(ch) else ch for ch in text)


def quoted(text: str) -> str:
    return "'" + visible(text) + "'"


def _loose(text: str) -> str:
    """What a header looks like on screen: NFKC, invisible characters dropped, case and
    separators ignored."""
    t = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not is_invisible(ch))
    return re.sub(r"[\s\-]+", "_", t.strip()).casefold()


def looks_like(text: str, names) -> str | None:
    """The one of `names` that `text` looks the same as on screen (invisible characters, case,
    full-width letters, spaces for underscores), or None."""
    loose = _loose(text)
    return next((n for n in names if _loose(n) == loose and n != text), None)


def resembles(text: str, names) -> str | None:
    """The one of `names` that `text` most resembles (same on screen, or a near spelling), or None."""
    same = looks_like(text, names)
    if same is not None:
        return same
    loose = {_loose(n): n for n in names}
    close = difflib.get_close_matches(_loose(text), list(loose), n=1, cutoff=0.8)
    return loose[close[0]] if close else None


def describe_header(text: str) -> str:
    """A header for a message, with what is odd about it: 'capex\\u200b_cny_per_kw' (an invisible character U+200B)."""
    odd = sorted({ch for ch in text if is_invisible(ch)})
    if not odd:
        return repr(text)
    names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed').lower()}" for ch in odd)
    return f"{quoted(text)} (with an invisible character: {names})"


def percent_hint(value: float, lo: float = 0.0, hi: float = 1.0) -> str:
    """For a share typed as a percentage (95 for 0.95, out of [lo, hi]): how to write it, else ""."""
    if value > hi and lo <= value / 100 <= hi:
        return f" (did you mean {value:g} %? write {value / 100:g})"
    return ""


def percent_hint_zh(value: float, lo: float = 0.0, hi: float = 1.0) -> str:
    """The Chinese of `percent_hint`."""
    if value > hi and lo <= value / 100 <= hi:
        return f"（是指 {value:g}% 吗？请填 {value / 100:g}）"
    return ""


def number(raw, fraction: bool = False) -> float:
    """A cell as a finite float, or NumberTextError (a ValueError). Text is read by the rules above;
    `fraction`: the column holds a share, so "10%" reads as 0.1."""
    if isinstance(raw, bool) or isinstance(raw, (_dt.date, _dt.time, _dt.timedelta)):
        raise NumberTextError()
    if isinstance(raw, str):
        return _number_text(raw, fraction)
    value = float(raw)
    if not math.isfinite(value):
        raise NumberTextError("a finite number", "有限的数")
    return value


def _number_text(raw: str, fraction: bool) -> float:
    s = unicodedata.normalize("NFKC", raw).replace("\u2212", "-").strip()
    if _SPACE_GROUPS.fullmatch(s):
        s = s.replace(" ", "")
    if s.startswith("#") or s.casefold() in _NOT_NUMBERS:
        raise NumberTextError("a number (NaN, inf and Excel errors cannot be used in a plan)",
                              "一个数（NaN、inf 和 Excel 错误值不能用于规划）")
    if "," in s:
        raise NumberTextError(*_comma_hint(s))
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
        if not fraction:
            raise NumberTextError("a number without % (this column is not a share)", "不带 % 的数（此列不是比例）")
    if "_" in s or any(is_invisible(ch) or ch.isspace() for ch in s):
        raise NumberTextError()
    try:
        value = float(s)
    except ValueError:
        raise NumberTextError() from None
    if not math.isfinite(value):
        raise NumberTextError("a finite number", "有限的数")
    return value / 100.0 if percent else value


def _comma_hint(s: str) -> tuple[str, str]:
    """How to write a number typed with a comma, which is a thousands separator in China and a
    decimal mark in much of Europe: say both readings, choose neither. (English, Chinese)"""
    if _THOUSANDS.fullmatch(s):
        plain = s.replace(",", "")
        one = s.count(",") == 1 and "." not in s
        other = f" (or {s.replace(',', '.')} if the comma is a decimal mark)" if one else ""
        other_zh = f"（若逗号是小数点，则填 {s.replace(',', '.')}）" if one else ""
        return f"a number without separators: write {plain}{other}", f"不带千位分隔符的数：请填 {plain}{other_zh}"
    if re.fullmatch(r"[+-]?\d+,\d+", s):
        return f"a number with a decimal point: write {s.replace(',', '.')}", f"用小数点的数：请填 {s.replace(',', '.')}"
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", s):
        plain = s.replace('.', '').replace(',', '.')
        return (f"a number with a decimal point and no separators: write {plain}",
                f"用小数点、不带分隔符的数：请填 {plain}")
    return "a number without commas", "不带逗号的数"
