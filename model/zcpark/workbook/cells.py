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

    def __init__(self, hint: str = ""):
        super().__init__(hint)
        self.hint = hint


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


def number(raw, fraction: bool = False) -> float:
    """A cell as a finite float, or NumberTextError (a ValueError). Text is read by the rules above;
    `fraction`: the column holds a share, so "10%" reads as 0.1."""
    if isinstance(raw, bool) or isinstance(raw, (_dt.date, _dt.time, _dt.timedelta)):
        raise NumberTextError()
    if isinstance(raw, str):
        return _number_text(raw, fraction)
    value = float(raw)
    if not math.isfinite(value):
        raise NumberTextError("a finite number")
    return value


def _number_text(raw: str, fraction: bool) -> float:
    s = unicodedata.normalize("NFKC", raw).replace("\u2212", "-").strip()
    if _SPACE_GROUPS.fullmatch(s):
        s = s.replace(" ", "")
    if s.startswith("#") or s.casefold() in _NOT_NUMBERS:
        raise NumberTextError("a number (NaN, inf and Excel errors cannot be used in a plan)")
    if "," in s:
        raise NumberTextError(_comma_hint(s))
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
        if not fraction:
            raise NumberTextError("a number without % (this column is not a share)")
    if "_" in s or any(is_invisible(ch) or ch.isspace() for ch in s):
        raise NumberTextError()
    try:
        value = float(s)
    except ValueError:
        raise NumberTextError() from None
    if not math.isfinite(value):
        raise NumberTextError("a finite number")
    return value / 100.0 if percent else value


def _comma_hint(s: str) -> str:
    """How to write a number typed with a comma, which is a thousands separator in China and a
    decimal mark in much of Europe: say both readings, choose neither."""
    if _THOUSANDS.fullmatch(s):
        plain = s.replace(",", "")
        other = f" (or {s.replace(',', '.')} if the comma is a decimal mark)" if s.count(",") == 1 and "." not in s else ""
        return f"a number without separators: write {plain}{other}"
    if re.fullmatch(r"[+-]?\d+,\d+", s):
        return f"a number with a decimal point: write {s.replace(',', '.')}"
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", s):
        return f"a number with a decimal point and no separators: write {s.replace('.', '').replace(',', '.')}"
    return "a number without commas"
