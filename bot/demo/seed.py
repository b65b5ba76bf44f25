"""Generate believable communities, units, owners, bills and payments, deterministically from a seed.

The mix follows what property companies report: most owners pay on time, some pay late, a few are in chronic
arrears (often because of an unresolved service problem), and some have open grievances, plans or promises.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.db.models import (
    Bill,
    BillItem,
    Building,
    Community,
    ExpenseDisclosure,
    FeeStandard,
    Grievance,
    GrievanceStatus,
    Occupancy,
    Payment,
    PaymentPlan,
    Person,
    PlanState,
    PromiseState,
    PromiseToPay,
    PropertyType,
    Role,
    Unit,
)
from bot.domain.grievance_rules import CATEGORIES, sla_due, ticket_number

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强玉兰淑珍海燕红梅小红春梅金凤德明"
GRIEVANCES = [
    ("3栋电梯经常停运，上周困了人", "elevator"), ("楼上卫生间漏水到我家天花板", "leak"),
    ("楼道灯坏了一个多月没人修", "repair"), ("垃圾桶满了两天没人清", "cleaning"),
    ("地下车库我的车位总被别人占", "parking"), ("楼上装修每天早上七点就开始电钻", "noise"),
    ("外墙瓷砖脱落，差点砸到人", "quality"), ("小区门禁坏了，外人随便进", "security"),
]


@dataclass(frozen=True)
class DemoOwner:
    community_code: str
    unit: str
    name: str
    phone: str


# A known owner for trying the product (shown on the chat page): two months behind on 阳光花园 1栋1单元101.
DEMO_OWNER = DemoOwner("YGHY", "1栋1单元101", "张伟", "13812345678")


@dataclass(frozen=True)
class CommunitySpec:
    code: str
    name: str
    city: str
    buildings: int
    entrances: int
    floors: int
    rooms_per_floor: int
    fen_per_sqm_month: int


DEMO_COMMUNITIES = (
    CommunitySpec("YGHY", "阳光花园", "北京", 12, 2, 18, 2, 250),   # 864 units
    CommunitySpec("CHY", "翠湖苑", "上海", 10, 2, 15, 2, 320),       # 600 units
    CommunitySpec("JXJN", "锦绣江南", "杭州", 9, 2, 16, 2, 280),     # 576 units
)


def bench_community(units: int = 20_000) -> CommunitySpec:
    """One large community of about ``units`` units, for the balance-lookup benchmark."""
    per_building = 2 * 32 * 4
    return CommunitySpec("BENCH", "基准测试小区", "深圳", max(1, round(units / per_building)), 2, 32, 4, 300)


@dataclass
class SeedReport:
    communities: int = 0
    units: int = 0
    people: int = 0
    bills: int = 0
    payments: int = 0
    grievances: int = 0
    plans: int = 0
    promises: int = 0


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _months_back(today: date, count: int) -> list[date]:
    firsts, year, month = [], today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(firsts))


def _month_end(first: date) -> date:
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def seed(session: Session, specs=DEMO_COMMUNITIES, today: date | None = None, months: int = 12,
         rng_seed: int = 20261126) -> SeedReport:
    """Insert the communities in ``specs`` with a year of monthly bills. Deterministic for a given seed."""
    rng = random.Random(rng_seed)
    today = today or date.today()
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=4)
    report = SeedReport()
    periods = _months_back(today, months)
    for spec in specs:
        community = Community(
            code=spec.code, name=spec.name, city=spec.city,
            service_phone=f"0{rng.randrange(10, 99)}-{rng.randrange(10**7, 10**8)}",
            emergency_phone=f"0{rng.randrange(10, 99)}-{rng.randrange(10**7, 10**8)}",
            online_pay_url=f"https://pay.example.cn/{spec.code.lower()}",
            counter_address=f"{spec.name}1栋一楼物业服务中心", counter_hours="每天 8:30-17:30",
            elderly_help="行动不便的老人可以打服务中心电话，工作人员上门代办缴费。",
            prepay_discount_text="一次交清全年物业费，享受95折优惠（以当年公告为准）", prepay_discount_percent=5,
        )
        session.add(community)
        session.flush()
        session.add(FeeStandard(community_id=community.id, property_type=PropertyType.RESIDENTIAL,
                                item=BillItem.PROPERTY_FEE, fen_per_sqm_month=spec.fen_per_sqm_month))
        due = spec.fen_per_sqm_month
        session.add(ExpenseDisclosure(
            community_id=community.id, period_label=f"{today.year}年上半年", period_start=date(today.year, 1, 1),
            period_end=date(today.year, 6, 30), fee_due_fen=0, fee_collected_fen=0,
            cost_items_fen={"staff": 0, "facilities": 0, "cleaning": 0, "greenery": 0, "security": 0, "office": 0,
                            "depreciation": 0, "insurance": 0, "other_agreed": 0},
            public_income_fen=rng.randrange(20, 60) * 10_000_00, public_income_net_fen=0,
            maintenance_fund_used_fen=rng.randrange(5, 30) * 10_000_00,
            maintenance_fund_balance_fen=rng.randrange(300, 900) * 10_000_00, published_at=now,
        ))
        report.communities += 1
        units = []
        for b in range(1, spec.buildings + 1):
            building = Building(community_id=community.id, name=f"{b}栋")
            session.add(building)
            session.flush()
            for entrance in range(1, spec.entrances + 1):
                for floor in range(1, spec.floors + 1):
                    for room in range(1, spec.rooms_per_floor + 1):
                        units.append({
                            "community_id": community.id, "building_id": building.id,
                            "label": f"{b}栋{entrance}单元{floor}{room:02d}",
                            "area_sqm": Decimal(rng.randrange(5500, 14500)) / 100,
                            "property_type": PropertyType.RESIDENTIAL, "vacant": rng.random() < 0.06,
                        })
        unit_ids = session.execute(insert(Unit).returning(Unit.id), units).scalars().all()
        report.units += len(unit_ids)

        people, occupancies = [], []
        for index, uid in enumerate(unit_ids):
            demo = spec.code == DEMO_OWNER.community_code and index == 0
            people.append({"name": DEMO_OWNER.name, "phone": DEMO_OWNER.phone} if demo
                          else {"name": _name(rng), "phone": _phone(rng)})
            occupancies.append((uid, Role.OWNER))
            if rng.random() < 0.25:
                people.append({"name": _name(rng), "phone": _phone(rng)})
                occupancies.append((uid, Role.FAMILY))
            if rng.random() < 0.10:
                people.append({"name": _name(rng), "phone": _phone(rng)})
                occupancies.append((uid, Role.TENANT))
        person_ids = session.execute(insert(Person).returning(Person.id), people).scalars().all()
        session.execute(insert(Occupancy), [{"unit_id": u, "person_id": p, "role": r}
                                            for (u, r), p in zip(occupancies, person_ids, strict=True)])
        report.people += len(person_ids)

        # Bills: one property-fee bill a month, due on the 15th of the month after.
        bills, kinds = [], {}
        for uid, unit in zip(unit_ids, units, strict=True):
            r = rng.random()
            kinds[uid] = "chronic" if r < 0.08 else "late" if r < 0.25 else "partial" if r < 0.30 else "paid"
            if spec.code == DEMO_OWNER.community_code and uid == unit_ids[0]:
                kinds[uid] = "partial"  # the demo owner has something overdue to ask about
            amount = int((unit["area_sqm"] * due).to_integral_value())
            for first in periods:
                end = _month_end(first)
                due_date = _month_end(end + timedelta(days=1)).replace(day=15)
                bills.append({"unit_id": uid, "item": BillItem.PROPERTY_FEE, "period_start": first,
                              "period_end": end, "amount_fen": amount, "due_date": due_date})
        bill_ids = session.execute(insert(Bill).returning(Bill.id), bills).scalars().all()
        report.bills += len(bill_ids)

        payments = []
        for bill_id, bill in zip(bill_ids, bills, strict=True):
            kind = kinds[bill["unit_id"]]
            if bill["due_date"] > today and rng.random() < 0.7:
                continue  # not due yet: most owners have not paid
            months_overdue = (today - bill["due_date"]).days // 30
            if kind == "chronic" and months_overdue < 9:
                continue
            if kind == "partial" and months_overdue < 3:
                continue
            delay = rng.randrange(-20, 5) if kind == "paid" else rng.randrange(10, 60)
            paid_at = datetime.combine(bill["due_date"], datetime.min.time(), tzinfo=UTC) + timedelta(
                days=delay, hours=rng.randrange(1, 12))
            if paid_at.date() > today:
                continue
            payments.append({
                "unit_id": bill["unit_id"], "bill_id": bill_id, "amount_fen": bill["amount_fen"],
                "channel": rng.choice(("wechat", "wechat", "alipay", "counter_cash", "bank_transfer")),
                "reference": f"PAY{bill_id:09d}", "paid_at": paid_at,
            })
        if payments:
            session.execute(insert(Payment), payments)
        report.payments += len(payments)

        collected = sum(p["amount_fen"] for p in payments if p["paid_at"].year == today.year)
        due_total = sum(b["amount_fen"] for b in bills if b["period_start"].year == today.year
                        and b["period_start"].month <= 6)
        disclosure = session.query(ExpenseDisclosure).filter_by(community_id=community.id).one()
        disclosure.fee_due_fen = due_total
        disclosure.fee_collected_fen = min(collected, due_total)
        shares = {"staff": 42, "facilities": 18, "cleaning": 12, "greenery": 6, "security": 10, "office": 3,
                  "depreciation": 2, "insurance": 2, "other_agreed": 5}
        disclosure.cost_items_fen = {k: disclosure.fee_collected_fen * v // 100 for k, v in shares.items()}
        disclosure.public_income_net_fen = disclosure.public_income_fen * 7 // 10

        # Open grievances (more among chronic payers), plans and promises.
        for sequence, uid in enumerate(u for u in unit_ids if rng.random() < (0.3 if kinds[u] == "chronic" else 0.02)):
            text, key = rng.choice(GRIEVANCES)
            category = next(c for c in CATEGORIES if c.key == key)
            created = now - timedelta(days=rng.randrange(1, 40))
            session.add(Grievance(
                ticket_no=f"{spec.code}-{ticket_number(created, sequence + 1)}", community_id=community.id, unit_id=uid,
                category=key, department=category.department, description=text, location="",
                about_service=category.about_service,
                status=rng.choice((GrievanceStatus.OPEN, GrievanceStatus.ASSIGNED, GrievanceStatus.IN_PROGRESS)),
                created_at=created, sla_due_at=sla_due(category, created)))
            report.grievances += 1
        for uid in (u for u in unit_ids if kinds[u] in ("chronic", "partial") and rng.random() < 0.15):
            session.add(PaymentPlan(unit_id=uid, amount_fen=rng.randrange(1000, 5000) * 100, months=rng.choice((3, 6)),
                                    reason="家里有困难", state=rng.choice((PlanState.REQUESTED, PlanState.APPROVED)),
                                    requested_at=now - timedelta(days=rng.randrange(1, 30))))
            report.plans += 1
        for uid in (u for u in unit_ids if kinds[u] == "late" and rng.random() < 0.1):
            session.add(PromiseToPay(unit_id=uid, promised_date=today + timedelta(days=rng.randrange(1, 20)),
                                     state=PromiseState.OPEN, created_at=now))
            report.promises += 1
        session.flush()
    return report
