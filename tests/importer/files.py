"""Helpers for importer tests: write export files (CSV in any encoding, XLSX with typed or text cells, title and
instruction rows, merged cells) and seed the community they belong to. All data in them is invented."""

import csv
import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import SHANGHAI
from bot.db.models import AuditLog, Bill, Building, Community, Occupancy, Payment, Person, Unit

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI)
COUNTED = (Building, Unit, Person, Occupancy, Bill, Payment, AuditLog)


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1", text_cells: bool = False,
               merged_title: str | None = None, extra_sheets: dict[str, list[list[object]]] | None = None) -> Path:
    """``text_cells``: every cell written as text with Excel's "@" format, as templates that say
    "所有单元格式为文本" ask. ``merged_title``: a first row with one cell merged across the table."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    width = max(len(row) for row in rows)
    if merged_title is not None:
        worksheet.append([merged_title])
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for row in rows:
        worksheet.append([("" if v is None else str(v)) if text_cells else v for v in row])
        if text_cells:
            for cell in worksheet[worksheet.max_row]:
                cell.number_format = "@"
    for name, more in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in more:
            other.append(row)
    workbook.save(path)
    return path


def seed_community(sessions: sessionmaker[Session], code: str = "YGHY", name: str = "阳光花园") -> int:
    with sessions.begin() as session:
        community = Community(code=code, name=name, city="北京")
        session.add(community)
        session.flush()
        return community.id


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in COUNTED}


def fen_totals(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    """(bills owed, concessions, payments) over the whole database, in fen."""
    with sessions() as session:
        owed = session.scalar(select(func.coalesce(func.sum(Bill.amount_fen), 0)))
        discounts = session.scalar(select(func.coalesce(func.sum(Bill.discount_fen), 0)))
        paid = session.scalar(select(func.coalesce(func.sum(Payment.amount_fen), 0)))
        return int(owed), int(discounts), int(paid)
