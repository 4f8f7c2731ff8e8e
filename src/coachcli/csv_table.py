"""A CSV file as a CRM or a spreadsheet exports it: its dialect, its rows by line, its numbers and
dates as people write them.

Standard library only. The delimiter is the one of comma, semicolon and tab
that the first line (the header) holds most of outside quotes, so Excel's
semicolon files in European locales and tab-separated "Unicode text" read as
well as a comma file; a UTF-8 byte-order mark is dropped; a file that is not
UTF-8 is read as UTF-16 when it starts with that mark, else as Windows-1252
(what Excel writes on Windows). Numbers: spaces and apostrophes group
thousands; a file separated by semicolons writes decimals with a comma
(``1.234,5``), any other with a point (``1,234.5``), which decides only the
one case that is ambiguous, ``1,234`` or ``1.234``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coachcli.errors import CoachError

DELIMITERS = (",", ";", "\t")
_GROUPING = " \u00a0\u202f\u2009'"  # spaces (plain, no-break, narrow, thin), Swiss apostrophe


@dataclass(frozen=True)
class Row:
    """One record of the file: the line it starts on and its cells."""

    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """A CSV file read: the header's cells, the rows below it, the delimiter and decimal mark."""

    name: str
    header: list[str]
    rows: list[Row]
    delimiter: str

    @property
    def decimal(self) -> str:
        return "," if self.delimiter == ";" else "."


def column_letter(index: int) -> str:
    """The spreadsheet's name of column ``index`` (0-based): A … Z, AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def decode(data: bytes, path: Path) -> str:
    """The text of a CSV file's bytes (see the module's docstring for the encodings tried)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CoachError(f"{path} starts as UTF-16 text but is not.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CoachError(
            f"{path}, line {line}: the file is neither UTF-8 nor Windows-1252 text.",
            hint="Export it again as CSV (UTF-8).",
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter the first line holds most of outside quotes (a comma when it holds none)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_text(text: str, name: str, delimiter: str | None = None) -> Table:
    """``text`` as a :class:`Table` (the first non-blank record is the header; no blank rows."""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [" ".join(cell.split()) for cell in cells]
            else:
                rows.append(Row(line, cells))
    except csv.Error as exc:
        raise CoachError(f"{name}, line {reader.line_num}: not CSV ({exc}).") from None
    if header is None:
        raise CoachError(f"{name} is empty: no header line.", hint="Export the report again.")
    return Table(name, header, rows, delimiter)


def read_table(path: Path) -> Table:
    """The CSV file at ``path`` as a :class:`Table`; CoachError naming the file and line."""
    from coachcli.fsys import read_bytes

    return parse_text(decode(read_bytes(path), path), path.name)


def parse_number(text: str, decimal: str = ".") -> float:
    """``text`` as a number: ``1,234.5``, ``1.234,5``, ``1 234``, ``(12)``; else ValueError.

    ``decimal`` (the file's decimal mark) decides ``1,234`` and ``1.234``
    only: where both marks appear, the last one is the decimal mark, and a
    single mark that does not group digits in threes is the decimal mark.
    """
    s = text.strip().replace("\u2212", "-")
    negative = s.startswith("(") and s.endswith(")")  # accounting style
    s = s[1:-1] if negative else s
    for char in _GROUPING:
        s = s.replace(char, "")
    sign = ""
    if s and s[0] in "+-":
        sign, s = s[0], s[1:]
    if "," in s and "." in s:
        mark = "," if s.rfind(",") > s.rfind(".") else "."
    elif "," in s or "." in s:
        single = "," if "," in s else "."
        grouped = re.fullmatch(rf"\d{{1,3}}(\{single}\d{{3}})+", s) is not None
        mark = single if not grouped or single == decimal else ("," if single == "." else ".")
    else:
        mark = "."
    thousands = "." if mark == "," else ","
    whole, point, fraction = s.partition(mark)
    if thousands in whole and not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+", whole):
        raise ValueError("is not a number: its digits are not grouped in threes")
    digits = whole.replace(thousands, "") + ("." + fraction if point else "")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", digits):
        raise ValueError("is not a number")
    number = float(sign + digits)
    return -number if negative else number


_TOKENS = (("yyyy", "%Y"), ("yy", "%y"), ("mm", "%m"), ("dd", "%d"))


def date_format(text: str) -> str:
    """A date format as a person writes it (``dd.mm.yyyy``, ``MM/DD/YYYY``) or as strftime has it
    (``%d.%m.%Y``), in strftime's form; CoachError when it does not name a day, month and year."""
    fmt = text.strip()
    if "%" not in fmt:
        for token, directive in _TOKENS:
            fmt = re.sub(token, directive, fmt, flags=re.IGNORECASE)
    parts = (("%d",), ("%m", "%b", "%B"), ("%Y", "%y"))
    if not all(any(d in fmt for d in group) for group in parts):
        raise CoachError(
            f"The date format {text!r} does not say where the day, month and year are.",
            hint="Write it as the dates look, e.g. --date-format dd.mm.yyyy or MM/DD/YYYY.",
        )
    return fmt


def parse_date(text: str, fmt: str | None = None) -> date:
    """``text`` as a date: ISO ``2026-11-28`` (a time after it is ignored), or ``fmt`` (strftime's
    form, see :func:`date_format`); ValueError if not."""
    s = text.strip()
    if fmt is None:
        match = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])", s)
        if not match:
            raise ValueError("it is not a date like 2026-11-28 (give --date-format for others)")
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            raise ValueError("there is no such day") from None
    for candidate in (s, s.split(" ")[0]):
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    shown = datetime(2026, 11, 28).strftime(fmt)
    raise ValueError(f"it is not a date in the format given (like {shown})")
