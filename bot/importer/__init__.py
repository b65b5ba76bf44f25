"""Import units, people, bills and payments from the CSV/XLSX exports of Chinese property-management systems.

All or nothing per file: every column must go somewhere (a field, or ignored by the user or for a stated
reason), every row is checked first, and a file with any problem writes nothing. Importing the same file again
changes nothing (records are matched by their natural keys). See docs/data.md.
"""

from bot.importer.errors import ImportFileError, RowError
from bot.importer.pipeline import ImportOptions, import_file
from bot.importer.report import Counts, ImportReport

__all__ = ["Counts", "ImportFileError", "ImportOptions", "ImportReport", "RowError", "import_file"]
