"""import_file: read → find the table → decide every column → check every row → write all of it in one
transaction, or nothing. ``dry_run`` does all of it, the database checks included, and rolls back."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Community
from bot.importer.columns import UserRules, plan_columns
from bot.importer.errors import RowsRejected
from bot.importer.headers import Field, normalise_header, recognise
from bot.importer.layout import Table, find_table
from bot.importer.load import audit_entry, load
from bot.importer.preview import preview
from bot.importer.read import read_sheets
from bot.importer.report import ImportReport
from bot.importer.rules import column_rules, item_aliases, item_by_name, save_column_rules, save_item_aliases
from bot.importer.validate import Options, validate
from bot.importer.values import cell_text
from bot.importer.vocab import ItemResolver, word_key

_T = TypeVar("_T")
Track = Callable[[Iterable[_T], int, str], Iterable[_T]]  # (items, total, what) → the same items, reported on


def no_progress(items: Iterable[_T], total: int, what: str) -> Iterable[_T]:
    return items


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    mapped: dict[str, str] = field(default_factory=dict)  # --map: source header → field (or "ignore")
    ignored: frozenset[str] = frozenset()  # --ignore
    items: dict[str, str] = field(default_factory=dict)  # --item: the company's fee name → our item
    skip_unknown_items: bool = False
    sheet: str | None = None
    track: Track = no_progress


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls everything back."""


def import_file(path: Path, sessions: sessionmaker[Session], community_code: str | None, now: datetime,
                options: ImportOptions = ImportOptions()) -> ImportReport:
    """Import units, people, bills and payments from a CSV or XLSX export.

    Raises ImportFileError when the file cannot be used at all (unreadable, empty, no header). Column and row
    problems do not raise: they come back in the report (``report.problems``, ``report.errors``), and then
    nothing has been written. ``community_code`` is used for rows without a 小区 column (or with an empty
    cell); the column rules remembered for that community apply. ``now`` is aware.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    path = Path(path)
    table = find_table(read_sheets(path, options.track), path.name, options.sheet)
    new_items = {source: item_by_name(target) for source, target in options.items.items()}
    with sessions() as session:
        community = _community_of(session, table, community_code)
        remembered = column_rules(session, community.id) if community else {}
        company_items = {**item_aliases(session, community.id if community else None),
                         **{word_key(s): i for s, i in new_items.items()}}
    context = " ".join([path.name, table.sheet, *(text for _, text in table.preamble)])
    plan = plan_columns(table, UserRules(options.mapped, options.ignored, remembered), company_items, community_code,
                        context)
    report = ImportReport(file=path.name, sheet=table.sheet, header_row=table.header_row, preamble=table.preamble,
                          other_sheets=table.other_sheets, plan=plan, dry_run=options.dry_run,
                          rows_read=len(table.rows))
    if plan.problems:
        return report
    resolver = ItemResolver(company_items)
    total = len(table.rows)
    checked = validate(table, plan, resolver, Options(community_code, now, options.skip_unknown_items),
                       lambda rows: options.track(rows, total, "检查"))
    del table  # the checked rows are all that is needed from here: free the cells of a large file
    report = replace(report, rows_read=checked.rows_read, total_rows_skipped=checked.total_rows_skipped,
                     empty_rows_skipped=checked.empty_rows_skipped, items=resolver.decided,
                     skipped_items=checked.skipped_items, notes=checked.notes, errors=checked.errors)
    if report.errors:
        return report
    try:
        with sessions.begin() as session:
            loaded = load(session, checked.rows, plan, community_code, report.notes, options.track)
            report = replace(report, counts=loaded.counts, preview=preview(checked.rows) if options.dry_run else [])
            if options.dry_run:
                raise _DryRun
            remembered_now = []
            for community_id in loaded.community_ids:
                remembered_now = save_column_rules(session, community_id, options.mapped, set(options.ignored), now)
                remembered_now += save_item_aliases(session, community_id, new_items, now)
            report = replace(report, remembered=remembered_now)
            session.add(audit_entry(report, loaded.community_codes, now))
    except RowsRejected as rejected:
        return replace(report, errors=rejected.errors)
    except _DryRun:
        pass
    return report


def _community_of(session: Session, table: Table, community_code: str | None) -> Community | None:
    """The community whose remembered rules apply: the one named by the caller, or in the file's first row."""
    key = community_code
    if key is None:
        index = next((i for i, h in enumerate(table.header) if recognise(normalise_header(h)) is Field.COMMUNITY), None)
        values = [cell_text(row.cells[index]) for row in table.rows[:1] if index is not None and index < len(row.cells)]
        key = values[0] if values and values[0] else None
    if not key:
        return None
    found = session.scalars(select(Community).where(or_(Community.code == key, Community.name == key))).all()
    return found[0] if len(found) == 1 else None

