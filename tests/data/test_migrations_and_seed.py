from datetime import date

from sqlalchemy import func, inspect, select

from bot.db.models import Base, Bill, Community, Grievance, Payment, Unit
from bot.demo.seed import CommunitySpec, seed


def test_migrations_create_every_model_table(engine):
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


SMALL = (CommunitySpec("T1", "测试一区", "北京", 2, 2, 5, 2, 250),
         CommunitySpec("T2", "测试二区", "上海", 1, 1, 6, 2, 300))


def test_seed_is_deterministic_and_realistic(sessions):
    with sessions() as session, session.begin():
        report = seed(session, SMALL, today=date(2026, 11, 26))
    assert report.units == 2 * 2 * 5 * 2 + 1 * 1 * 6 * 2
    assert report.bills == report.units * 12
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Community)) == 2
        assert session.scalar(select(func.count()).select_from(Unit)) == report.units
        paid = session.scalar(select(func.count()).select_from(Payment))
        bills = session.scalar(select(func.count()).select_from(Bill))
        # Most bills are paid, not all.
        assert 0.5 * bills < paid < bills
        assert session.scalar(select(func.count()).select_from(Grievance)) == report.grievances
