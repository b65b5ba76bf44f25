"""Import units, people, bills and payments from the CSV/XLSX exports of Chinese property-management systems.

All or nothing per file: every row is checked first, and a file with any bad row writes nothing. Importing the
same file again changes nothing (records are matched by their natural keys).
"""

from bot.importer.errors import ImportFileError, RowError
from bot.importer.pipeline import import_file
from bot.importer.report import Counts, ImportReport

__all__ = ["Counts", "ImportFileError", "ImportReport", "RowError", "import_file"]
