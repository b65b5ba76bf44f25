"""A unit's statement as a few short lines: total, overdue since when, then each open bill."""

from datetime import date

from bot.domain.money import format_fen
from bot.domain.statement import Statement
from bot.render.dates import long_date, period_text

MAX_LINES = 6


def statement_text(statement: Statement, today: date) -> str:
    if statement.outstanding_fen == 0:
        credit = statement.unallocated_credit_fen
        extra = f"，另有预存 {format_fen(credit)}" if credit else ""
        return f"目前没有待缴费用{extra}，谢谢您按时缴费🙏"
    lines = [f"待缴合计：{format_fen(statement.outstanding_fen)}"]
    if statement.overdue_fen:
        since = long_date(statement.overdue_since)
        lines.append(f"其中已逾期 {format_fen(statement.overdue_fen)}（最早一笔应于{since}前缴）")
    for open_bill in statement.open_bills[:MAX_LINES]:
        bill = open_bill.bill
        state = "已逾期" if open_bill.overdue else f"{long_date(bill.due_date)}前缴"
        lines.append(f"· {bill.item} {period_text(bill.period_start, bill.period_end)}："
                     f"{format_fen(open_bill.outstanding_fen)}（{state}）")
    hidden = len(statement.open_bills) - MAX_LINES
    if hidden > 0:
        lines.append(f"· 另有 {hidden} 笔，回复“人工”可要一份完整账单")
    if statement.unallocated_credit_fen:
        lines.append(f"（已扣除预存 {format_fen(statement.unallocated_credit_fen)}）")
    return "\n".join(lines)

