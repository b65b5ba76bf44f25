"""Small, explicit owner data for service and action tests: two owners in two communities, so every privacy
test has a second owner's data present."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import (
    Bill,
    BillItem,
    Building,
    Community,
    ExpenseDisclosure,
    Occupancy,
    Payment,
    Person,
    Role,
    Unit,
)

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai


@dataclass
class World:
    community_a: int
    community_b: int
    unit_zhang: int  # 3栋2单元1502 in 阳光花园, owner 张伟 13812345678, owes 3 months
    unit_zhang_2: int  # 5栋1单元301 in 阳光花园, also 张伟's, fully paid
    unit_li: int  # 3栋2单元1502 in 翠湖苑 (same label!), owner 李娜 13998765432
    person_zhang: int
    person_li: int
    tenant_wang: int  # 王芳 13700001111, tenant of 张伟's 1502


def build_world(sessions: sessionmaker[Session]) -> World:
    with sessions() as s, s.begin():
        a = Community(code="YGHY", name="阳光花园", city="北京", service_phone="010-88886666",
                      emergency_phone="010-88889999", online_pay_url="https://pay.example.cn/yghy",
                      counter_address="1栋一楼物业服务中心", counter_hours="每天 8:30-17:30",
                      elderly_help="老人可请工作人员上门代办", prepay_discount_text="一次交清全年享95折",
                      prepay_discount_percent=5)
        b = Community(code="CHY", name="翠湖苑", city="上海", service_phone="021-66668888")
        s.add_all([a, b])
        s.flush()
        ba3, ba5, bb3 = (Building(community_id=a.id, name="3栋"), Building(community_id=a.id, name="5栋"),
                         Building(community_id=b.id, name="3栋"))
        s.add_all([ba3, ba5, bb3])
        s.flush()
        u1 = Unit(community_id=a.id, building_id=ba3.id, label="3栋2单元1502", area_sqm=Decimal("100.00"))
        u2 = Unit(community_id=a.id, building_id=ba5.id, label="5栋1单元301", area_sqm=Decimal("80.00"))
        u3 = Unit(community_id=b.id, building_id=bb3.id, label="3栋2单元1502", area_sqm=Decimal("90.00"))
        zhang, li, wang = (Person(name="张伟", phone="13812345678"), Person(name="李娜", phone="13998765432"),
                           Person(name="王芳", phone="13700001111"))
        s.add_all([u1, u2, u3, zhang, li, wang])
        s.flush()
        s.add_all([Occupancy(unit_id=u1.id, person_id=zhang.id, role=Role.OWNER),
                   Occupancy(unit_id=u2.id, person_id=zhang.id, role=Role.OWNER),
                   Occupancy(unit_id=u1.id, person_id=wang.id, role=Role.TENANT),
                   Occupancy(unit_id=u3.id, person_id=li.id, role=Role.OWNER)])
        # 张伟's 1502: Aug–Nov bills of 250.00元, August paid; Sep, Oct overdue, Nov not yet due.
        bills = []
        for month in (8, 9, 10, 11):
            bill = Bill(unit_id=u1.id, item=BillItem.PROPERTY_FEE, period_start=date(2026, month, 1),
                        period_end=date(2026, month, 28), amount_fen=25_000,
                        due_date=date(2026, month + 1, 15) if month < 12 else date(2027, 1, 15))
            bills.append(bill)
        parking = Bill(unit_id=u1.id, item=BillItem.PARKING_FEE, period_start=date(2026, 10, 1),
                       period_end=date(2026, 10, 31), amount_fen=15_000, due_date=date(2026, 11, 15))
        paid_301 = Bill(unit_id=u2.id, item=BillItem.PROPERTY_FEE, period_start=date(2026, 10, 1),
                        period_end=date(2026, 10, 31), amount_fen=20_000, due_date=date(2026, 11, 15))
        li_bill = Bill(unit_id=u3.id, item=BillItem.PROPERTY_FEE, period_start=date(2026, 9, 1),
                       period_end=date(2026, 9, 30), amount_fen=99_999, due_date=date(2026, 10, 15))
        s.add_all([*bills, parking, paid_301, li_bill])
        s.flush()
        s.add_all([
            Payment(unit_id=u1.id, bill_id=bills[0].id, amount_fen=25_000, channel="wechat", reference="WX0001",
                    paid_at=datetime(2026, 9, 10, 2, 0, tzinfo=UTC)),
            Payment(unit_id=u2.id, bill_id=paid_301.id, amount_fen=20_000, channel="alipay", reference="ALI0002",
                    paid_at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC)),
        ])
        s.add(ExpenseDisclosure(
            community_id=a.id, period_label="2026年上半年", period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
            fee_due_fen=1_000_000_00, fee_collected_fen=870_000_00,
            cost_items_fen={"staff": 360_000_00, "facilities": 160_000_00, "cleaning": 100_000_00,
                            "greenery": 50_000_00, "security": 90_000_00, "office": 30_000_00,
                            "depreciation": 20_000_00, "insurance": 20_000_00, "other_agreed": 40_000_00},
            public_income_fen=300_000_0, public_income_net_fen=210_000_0, maintenance_fund_used_fen=120_000_00,
            maintenance_fund_balance_fen=5_600_000_00, published_at=datetime(2026, 7, 15, tzinfo=UTC)))
        return World(a.id, b.id, u1.id, u2.id, u3.id, zhang.id, li.id, wang.id)
