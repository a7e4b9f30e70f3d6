"""Text bound for a spreadsheet, made safe: no cell a person typed runs as a formula.

Every CSV the platform offers goes through `csv_writer` (or `safe_cell` where a
library writes the file, as Wagtail's exports do), so a name such as `=HYPERLINK(…)`
arrives as text.
"""

import csv

# Characters that make a spreadsheet treat a cell as a formula (CSV injection),
# including the tab, carriage return and line feed some spreadsheets skip first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """The value, with a leading apostrophe if it is text that would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])


def csv_writer(stream) -> _SafeWriter:
    """Like `csv.writer(stream)`, but every text cell is made safe with `safe_cell`."""
    return _SafeWriter(stream)
