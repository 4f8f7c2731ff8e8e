"""Reading CSV files as CRMs and spreadsheets export them: dialects, encodings, numbers, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli.csv_table import (
    column_letter,
    date_format,
    parse_date,
    parse_number,
    parse_text,
    read_table,
)
from coachcli.errors import CoachError


def test_a_salesforce_file_with_a_bom_quotes_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(
        b'\xef\xbb\xbf"Owner","Region"\r\n"Kim, Alex","West\r\nCoast"\r\n\r\n"Dana","East"\r\n'
    )
    table = read_table(path)
    assert table.header == ["Owner", "Region"]  # no BOM in the first header
    assert [(r.line, r.cells) for r in table.rows] == [
        (2, ["Kim, Alex", "West\r\nCoast"]),
        (5, ["Dana", "East"]),  # the blank line 4 is skipped; the quoted newline counted
    ]
    assert table.delimiter == "," and table.decimal == "."


@pytest.mark.parametrize(
    ("first", "delimiter", "decimal"),
    [("a;b;c", ";", ","), ("a\tb\tc", "\t", "."), ('"a;b",c', ",", "."), ("single", ",", ".")],
)
def test_the_delimiter_is_the_one_the_header_holds_most_of(
    first: str, delimiter: str, decimal: str
) -> None:
    table = parse_text(first + "\n", "x.csv")
    assert (table.delimiter, table.decimal) == (delimiter, decimal)


def test_utf16_and_windows_1252_files_are_read(tmp_path: Path) -> None:
    utf16 = tmp_path / "u.csv"
    utf16.write_bytes("Rep\tWin\nJosé\t3\n".encode("utf-16"))
    assert read_table(utf16).rows[0].cells == ["José", "3"]
    cp = tmp_path / "c.csv"
    cp.write_bytes("Rep;Win\nJosé;3\n".encode("cp1252"))
    assert read_table(cp).rows[0].cells == ["José", "3"]


def test_an_empty_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n")
    with pytest.raises(CoachError, match=r"empty.csv is empty"):
        read_table(path)


@pytest.mark.parametrize(
    ("text", "decimal", "number"),
    [
        ("1,234.5", ".", 1234.5),
        ("1.234,5", ",", 1234.5),
        ("1.234,5", ".", 1234.5),  # both marks: the last is the decimal one
        ("1,234", ".", 1234),
        ("1.234", ",", 1234),
        ("1.234", ".", 1.234),
        ("2,8", ".", 2.8),  # not grouped in threes: a decimal comma
        ("1 234 567", ".", 1234567),
        ("1\u202f234", ",", 1234),
        ("1'234.5", ".", 1234.5),
        ("(12)", ".", -12),
        ("\u22123", ".", -3),
        ("+4", ".", 4),
        (".5", ".", 0.5),
    ],
)
def test_numbers_as_people_write_them(text: str, decimal: str, number: float) -> None:
    assert parse_number(text, decimal) == number


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12,34.5", "1.2.3", "--1", "1e5", "nan"])
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_dates_iso_by_default_and_in_the_format_given() -> None:
    assert str(parse_date("2026-11-28")) == "2026-11-28"
    assert str(parse_date("2026-11-28T09:30:00Z")) == "2026-11-28"
    assert str(parse_date("28.11.2026", date_format("dd.mm.yyyy"))) == "2026-11-28"
    assert str(parse_date("11/5/2026 10:00 AM", date_format("MM/DD/YYYY"))) == "2026-11-05"
    assert str(parse_date("05/11/26", date_format("%d/%m/%y"))) == "2026-11-05"
    with pytest.raises(ValueError, match="2026-11-28"):
        parse_date("11/28/2026")
    with pytest.raises(ValueError, match="no such day"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match=r"like 28\.11\.2026"):
        parse_date("2026-11-28", date_format("dd.mm.yyyy"))


def test_a_date_format_without_a_day_month_and_year_is_refused() -> None:
    with pytest.raises(CoachError, match="day, month and year"):
        date_format("mm/yyyy")


def test_column_letters_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip
