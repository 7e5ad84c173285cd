"""Is this file an .xlsx workbook, and is it safe to parse? Checked before any spreadsheet reader sees it.

An .xlsx file is a zip package of XML parts. Three things can make a reader hang, abort or use
gigabytes: a zip bomb (a small file that decompresses to a huge one), an XML entity bomb (a
DOCTYPE whose entities expand a billion-fold), and a single value far from the data (e.g. in cell
XFD1048576): calamine allocates the whole rectangle from A1 to that cell, tens of gigabytes, and
the process aborts. So, before parsing:
- the first bytes must be a zip (`PK`); a legacy .xls (OLE2: D0 CF 11 E0) or anything else gets a
  plain message, as does a zip that is not an .xlsx (an .ods, an .xlsb) or an .xlsx under another suffix;
- every part is bounded in size (declared and actual) and in compression ratio;
- no XML part may carry a DOCTYPE (OOXML never uses one, so it can only be an attack or damage);
- each sheet the reader will read is scanned for its cells' extent, which must stay within
  MAX_CELLS, naming the farthest cell when it does not.
The scan decompresses each XML part once, in chunks, so its memory is bounded by CHUNK (a sheet
whose rough extent is too large is scanned a second time, cell by cell).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter

from zcpark.errors import InputError, Problem

XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and password-protected .xlsx)

# Bounds on a valid park workbook, with room to spare: an 8784-step Profiles sheet with 100
# columns is about 40 MB of XML and 0.9 million cells; the examples are under 2 MB.
MAX_PARTS = 10_000
MAX_PART_BYTES = 150 * 2**20          # one XML part, uncompressed
MAX_TOTAL_BYTES = 300 * 2**20         # all parts, uncompressed
MAX_SHARED_STRINGS_BYTES = 50 * 2**20  # all text cells of the workbook; Excel caps a cell at 32,767 characters
MAX_RATIO = 100                       # uncompressed / compressed, for parts above RATIO_FLOOR (real XML: < 20)
RATIO_FLOOR = 2**20
MAX_CELLS = 4_000_000                 # rows x columns from A1 to a sheet's farthest value
CHUNK = 2**20
FAR_ROW, FAR_COLUMN = 20_000, 1_000  # beyond these, a value is a stray cell, not data

_DOCTYPE = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))
# a cell start tag with its reference, e.g. <c r="AB12" s="3" t="n"> (possibly prefixed, e.g. <x:c ...>);
# a self-closing one (<c r="Z9" s="1"/>, as Excel writes a formatted empty cell) or one closed at once
# (<c r="Z9" s="1"></c>, as openpyxl writes it through lxml) holds no value and is not read (calamine
# leaves both out of a sheet's range). A start tag at the end of a chunk, its end tag in the next, counts
# as a value: a rare false alarm, never a missed one.
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:(/)>|>(</(?:\w+:)?c>)?)')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]')  # the column letters of any cell reference
_ROW_NUMBER = re.compile(rb' r="([0-9]{1,7})"')       # a row's number (cell references start with letters)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Extent:
    """The farthest cells with a value in one sheet (Excel rows and 1-based columns)."""
    max_row: int = 0
    max_col: int = 0
    row_ref: str = ""   # the cell that sets max_row
    col_ref: str = ""   # the cell that sets max_col

    @property
    def cells(self) -> int:
        return self.max_row * self.max_col


def _problem(path: Path, found: str, expected: str, expected_zh: str = "") -> InputError:
    return InputError([Problem(path.name, None, None, found, expected, expected_zh=expected_zh)])


def check_file_type(path: Path) -> None:
    """Raise an InputError unless the file's bytes are an .xlsx package and its suffix says so."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(OLE2_MAGIC):
        raise _problem(path, "a legacy Excel 97-2003 workbook (.xls), or a password-protected workbook",
                       "an .xlsx workbook: open it in Excel and save it as .xlsx (Excel Workbook), without a password",
                       ".xlsx 工作簿：在 Excel 中打开，另存为 .xlsx（Excel 工作簿），不设密码")
    if not head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        raise _problem(path, "a file that is not an Excel workbook (its first bytes are neither an .xlsx nor an .xls file)",
                       "an .xlsx workbook (e.g. `zcpark template`)", ".xlsx 工作簿（例如 `zcpark template`）")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as exc:
        raise _problem(path, f"a damaged .xlsx file ({exc})", "an .xlsx workbook that Excel can open and save") from None
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            kind = "an OpenDocument spreadsheet (.ods)"
        elif "xl/workbook.bin" in names:
            kind = "a binary Excel workbook (.xlsb)"
        else:
            kind = "a zip archive that is not an Excel workbook"
        raise _problem(path, kind, "an .xlsx workbook: open it in Excel or LibreOffice and save it as .xlsx",
                       ".xlsx 工作簿：在 Excel 或 LibreOffice 中打开并另存为 .xlsx")
    if path.suffix.lower() not in XLSX_SUFFIXES:
        raise _problem(path, f"an .xlsx workbook named {path.suffix or 'without a suffix'}",
                       f"the suffix .xlsx: rename it to {path.stem}.xlsx", f"后缀 .xlsx：请改名为 {path.stem}.xlsx")


def _chunks(z: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A part's text in chunks of about CHUNK bytes, each ending before its last '<' (the tag cut
    there starts the next chunk), so that no tag is split between two chunks."""
    carry = b""
    with z.open(info) as f:
        while data := f.read(CHUNK):
            chunk = carry + data
            cut = chunk.rfind(b"<")
            cut = cut if cut > 0 else len(chunk)
            yield chunk[:cut]
            carry = chunk[cut:]
    yield carry


def _scan(z: zipfile.ZipFile, info: zipfile.ZipInfo, bound: Extent | None) -> str | None:
    """Decompress one XML part in chunks: the reason to reject it (a DOCTYPE), or None. Fills
    `bound` (a worksheet the reader will read) with an upper bound of its cells' extent, from the
    column letters of every cell and the row numbers of every row: cheap (0.2 s for 40 MB), and
    counting formatted empty cells too, so `valued_extent` confirms a bound above MAX_CELLS."""
    for chunk in _chunks(z, info):
        if any(m in chunk for m in _DOCTYPE):
            return "a DOCTYPE (XML entity declarations, which no Excel file has: damaged, or an XML bomb)"
        if bound is not None:
            letters = set(_CELL_COLUMN.findall(chunk))
            if letters:
                bound.max_col = max(bound.max_col, max(_column_index(x.decode()) for x in letters))
            rows = _ROW_NUMBER.findall(chunk)
            if rows:
                bound.max_row = max(bound.max_row, max(int(x) for x in rows))
    return None


def valued_extent(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The farthest cells that hold a value (calamine's extent), cell by cell: slower than _scan."""
    extent = Extent()
    for chunk in _chunks(z, info):
        for m in _CELL.finditer(chunk):
            if m.group(3) or m.group(4):
                continue  # <c .../> or <c ...></c>: a formatted cell without a value
            letters, digits = m.group(1).decode(), m.group(2).decode()
            col, row = _column_index(letters), int(digits)
            if row > extent.max_row:
                extent.max_row, extent.row_ref = row, letters + digits
            if col > extent.max_col:
                extent.max_col, extent.col_ref = col, letters + digits
    return extent


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part (e.g. 'xl/worksheets/sheet3.xml'), from the workbook and its relations."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}  # calamine will say what is wrong with the workbook
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_REL_NS) in targets:
            target = targets[sheet.get(_REL_NS)]
            parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return parts


def check_package(path: Path, sheets: tuple[str, ...]) -> None:
    """Raise an InputError (every problem found) unless the package is within the bounds above;
    `sheets` are the sheet names the reader will read (their cell extents are checked)."""
    problems = []
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if len(infos) > MAX_PARTS:
            raise _problem(path, f"{len(infos):,} parts in the .xlsx package", f"at most {MAX_PARTS:,} (a damaged file?)")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise _problem(path, f"{total / 2**20:,.0f} MB of content once unzipped",
                           f"at most {MAX_TOTAL_BYTES // 2**20} MB (a park workbook is a few MB; a zip bomb?)",
                           f"解压后最多 {MAX_TOTAL_BYTES // 2**20} MB（园区工作簿通常只有几 MB；是否为压缩炸弹？）")
        for i in infos:
            limit = MAX_SHARED_STRINGS_BYTES if i.filename.endswith("sharedStrings.xml") else MAX_PART_BYTES
            if i.file_size > limit:
                what = "text (shared strings)" if limit == MAX_SHARED_STRINGS_BYTES else f"part {i.filename}"
                problems.append(f"{i.file_size / 2**20:,.0f} MB of {what} once unzipped; at most {limit // 2**20} MB")
            elif i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                problems.append(f"part {i.filename} compressed {i.file_size / max(i.compress_size, 1):,.0f} to 1; "
                                f"real workbooks compress less than {MAX_RATIO} to 1 (a zip bomb?)")
        if problems:  # (English found; expected) pairs, and the one Chinese reading of any of them
            zh = "解压后的部件过大或压缩比异常（真实工作簿不会如此）：是否为压缩炸弹？请用 Excel 重新保存"
            raise InputError([Problem(path.name, None, None, p.split("; ")[0], p.split("; ")[1], expected_zh=zh)
                              for p in problems])
        parts = _sheet_parts(z) if "xl/workbook.xml" in z.namelist() else {}
        wanted = {parts[s]: s for s in sheets if s in parts}
        out = []
        for i in infos:
            if not i.filename.endswith((".xml", ".rels", ".vml")):
                continue  # images, printer settings: never parsed
            bound = Extent() if i.filename in wanted else None
            try:
                reason = _scan(z, i, bound)
                if reason is None and bound is not None and bound.cells > MAX_CELLS:
                    extent = valued_extent(z, i)
                    if extent.cells > MAX_CELLS:
                        out.append(_far_cell(wanted[i.filename], extent))
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # e.g. a part longer than it says (CRC error)
                reason = f"a damaged part ({exc})"
            if reason is not None:
                out.append(Problem(path.name, None, None, f"part {i.filename}: {reason}", "an .xlsx workbook saved by Excel",
                                   expected_zh="由 Excel 保存的 .xlsx 工作簿（该部件已损坏）"))
        if out:
            raise InputError(out, source=path.name)


def _far_cell(sheet: str, extent: Extent) -> Problem:
    """The cell that stretches a sheet's area beyond MAX_CELLS: a stray value far from the data
    (beyond row FAR_ROW or column FAR_COLUMN), else the sheet is simply too large."""
    far = list(dict.fromkeys(ref for ref, beyond in ((extent.col_ref, extent.max_col > FAR_COLUMN),
                                                     (extent.row_ref, extent.max_row > FAR_ROW)) if beyond))
    area = f"A1:{get_column_letter(extent.max_col)}{extent.max_row} ({extent.cells:,} cells)"
    if not far:
        return Problem(sheet, None, None, f"values spanning {area}", f"at most {MAX_CELLS:,} cells in one sheet")
    ref = far[0]
    letters = ref.rstrip("0123456789")
    found = f"a value far from the data, in cell {ref}" + (f" and in cell {far[1]}" if len(far) > 1 else "")
    return Problem(sheet, int(ref[len(letters):]), letters, found + f": the sheet would span {area}",
                   f"at most {MAX_CELLS:,} cells: delete the stray cell (move notes to another sheet), then save",
                   expected_zh=f"一个工作表最多 {MAX_CELLS:,} 个单元格：删除远处多余的单元格（备注移到其他工作表）后保存")
