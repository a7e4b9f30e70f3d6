import csv
import io

import pytest

from irp.core.spreadsheets import csv_writer, safe_cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_a_cell_that_would_run_as_a_formula_arrives_as_text(start):
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize("value", ["Ada", "", "a=b", 42, None, " =1"])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_writer_makes_every_cell_of_every_row_safe():
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(["name", "email"])
    writer.writerow(["=cmd|'/C calc'!A0", "@sum(1)"])
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows == [["name", "email"], ["'=cmd|'/C calc'!A0", "'@sum(1)"]]
