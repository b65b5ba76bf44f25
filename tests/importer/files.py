"""Helpers for importer tests: write small export files and seed the one community they belong to."""

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


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
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
