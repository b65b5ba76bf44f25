"""What can go wrong with an import: the whole file (raised) or single cells (collected and reported)."""

from dataclasses import dataclass


class ImportFileError(Exception):
    """The file as a whole cannot be imported: unreadable, empty, or missing required columns."""


@dataclass(frozen=True, order=True)
class RowError:
    """One problem in one cell, worded for the staff member who has to fix the spreadsheet."""

    row: int  # 1-based, as the spreadsheet shows it (the header is row 1); 0 when no single row is to blame
    column: str  # the header as written in the file, so staff find the cell
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "整个文件"
        return f"{where} {self.column}: {self.message}"


class RowsRejected(Exception):
    """Raised inside the write transaction so that nothing is kept when the database disagrees with the file."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors
