"""import_file: read → recognise headers → check every row → write all of it in one transaction, or nothing."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.importer.errors import RowsRejected
from bot.importer.headers import map_headers, require_columns
from bot.importer.load import audit_entry, load
from bot.importer.read import read_table
from bot.importer.report import ImportReport
from bot.importer.validate import validate


def import_file(path: Path, sessions: sessionmaker[Session], community_code: str | None,
                now: datetime) -> ImportReport:
    """Import units, people, bills and payments from a CSV or XLSX export.

    Raises ImportFileError when the file cannot be used at all (unreadable, empty, required columns missing).
    Row problems do not raise: they come back in ``report.errors``, and then nothing has been written.
    ``community_code`` is used for rows without a 小区 column (or with an empty cell); ``now`` is aware.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    path = Path(path)
    table = read_table(path)
    headers = map_headers(table.header)
    require_columns(headers, table.header, path.name, community_code)
    checked = validate(table, headers, community_code, now)
    report = ImportReport(file=path.name, rows_read=checked.rows_read,
                          total_rows_skipped=checked.total_rows_skipped, unknown_columns=headers.unknown,
                          errors=checked.errors)
    if report.errors:
        return report
    try:
        with sessions.begin() as session:
            loaded = load(session, checked.rows, headers, community_code)
            report = replace(report, counts=loaded.counts)
            session.add(audit_entry(report, loaded.community_codes, now))
    except RowsRejected as rejected:
        return replace(report, errors=rejected.errors)
    return report
