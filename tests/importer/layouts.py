"""Files laid out exactly as two open-source property systems export them, filled with invented data.

- java110 / MicroCommunity: 缴费明细表 (service-job …/export/adapt/ReportPayFeeDetailAdapt.java), the 房屋费用信息
  fee-import template whose first row is an instruction (ExportFeeImportTemplateAdapt.java), 欠费明细表
  (ReportOweFeeDetailAdapt.java), the wide 欠费清单 (ReportListOweFeeAdapt.java), 未收费房屋 with split
  楼栋/单元/房屋 columns (ReportNoFeeRoomAdapt.java), the monthly arrears sheet whose 业主 cell is "name(phone)"
  (DataMonthOweStatisticsAdapt.java) and the 房屋缴费历史 import.
- ejyy (e家宜业): resources/固定资产导入模板.xlsx, read by api-server/src/module/pc/controller/building/parse.ts.

Only the layouts (headers, where the table starts, the kind of values) follow the systems; names, phones,
units and amounts are made up.
"""

PAY_DETAIL_HEADER = ["订单号", "房号", "业主", "费用类型", "费用项", "费用状态", "支付方式", "费用开始时间",
                     "费用结束时间", "缴费时间", "应缴/应收金额", "实收金额", "优惠金额", "减免金额", "赠送金额",
                     "滞纳金", "面积", "车位", "账户抵扣", "收银员", "备注"]


def pay_detail_rows(typed: bool = False) -> list[list[object]]:
    """MicroCommunity 缴费明细表: one row per payment, each for the range it paid (a year, or one month whose
    end is the first day of the next), 应收 with its concessions, a late fee, a parking fee whose 房号 is the car
    and the owner's room, two fees of one order (批量缴费), a water bill. ``typed``: amounts as numbers, as the
    exporter writes them (setCellValue(double))."""
    def money(text: str) -> object:
        return float(text) if typed else text

    rows = [PAY_DETAIL_HEADER]
    people = [("1-1-101", "赵一鸣", "89.50"), ("1-1-102", "钱二妹", "89.50"), ("2-1-301", "孙三立", "120.00"),
              ("2-2-302", "李四海", "120.00"), ("3-1-501", "周五福", "95.30")]
    for index, (room, owner, area) in enumerate(people):
        rows.append([f"20260105100{index:02d}12345678", room, owner, "物业费", "物业费(住宅)", "已缴费", "微信",
                     "2026-01-01", "2026-12-31", f"2026-01-0{index + 2} 10:1{index}:00", money("1200.00"),
                     money("1140.00"), money("60.00"), money("0"), money("0"), money("0"), area, "", money("0"),
                     "王收银", ""])
    # A late fee: 应收 300 for one month (end written as the next period's first day), 滞纳金 6, 实收 306.
    rows.append(["2026020910000112345679", "3-1-502", "吴六顺", "物业费", "物业费(住宅)", "已缴费", "现金",
                 "2025-12-01",
                 "2026-01-01", "2026-02-09 15:00:00", money("300.00"), money("306.00"), money("0"), money("0"),
                 money("0"), money("6.00"), "95.30", "", money("0"), "王收银", "补缴"])
    # A parking fee: 房号 holds the car and its owner's room, 车位 the space it is for.
    rows.append(["2026011010000212345670", "京A12345(1-1-101-)", "赵一鸣", "停车费", "月租停车费", "已缴费", "支付宝",
                 "2026-01-01", "2026-04-01", "2026-01-10 09:00:00", money("450.00"), money("450.00"), money("0"),
                 money("0"), money("0"), money("0"), "", "B1-023", money("0"), "陈收银", ""])
    # One order paying two fees of one flat.
    for item, name, amount in (("水费", "水费", "35.50"), ("电费", "电费（居民）", "100.00")):
        start, end = "2026-01-01", "2026-01-31"
        rows.append(["2026021110000312345671", "2-2-302", "李四海", item, name, "已缴费", "微信", start, end,
                     "2026-02-11 11:00:00", money(amount), money(amount), money("0"), money("0"), money("0"),
                     money("0"), "120.00", "", money("0"), "陈收银", ""])
    return rows


# The pay detail above, to the fen: what each unit owes and has paid.
PAY_DETAIL_BILLED_FEN = 5 * 114000 + 30000 + 600 + 45000 + 3550 + 10000
PAY_DETAIL_DISCOUNT_FEN = 5 * 6000
PAY_DETAIL_PAID_FEN = 5 * 114000 + 30600 + 45000 + 3550 + 10000

FEE_TEMPLATE_INSTRUCTION = ("房屋编号: 楼栋-单元-房号 ；\n费用名称: 请填写系统中费用类型，如物业费，押金等 ；\n"
                            "开始时间: 收费开始时间，格式为YYYY-MM-DD；\n结束时间: 费用结束时间，"
                            "格式为YYYY-MM-DD； \n收费金额: 本次收取金额 单位元； \n注意：所有单元格式为文本")
FEE_TEMPLATE_HEADER = ["房屋编码", "费用名称", "开始时间", "结束时间", "收费金额"]


def fee_template_rows() -> list[list[object]]:
    """MicroCommunity 房屋费用信息: the system lists every room; staff fill in some of them."""
    return [FEE_TEMPLATE_HEADER,
            ["1-1-101", "物业费", "2026-01-01", "2026-12-31", "1074.00"],
            ["1-1-102", "押金", "2026-03-01", "2026-03-01", "2000"],
            ["1-1-103", "", "", "", ""],  # a room nobody filled in
            ["2-1-301", "维修基金", "2026-01-01", "2026-01-01", "3600.00"],
            ["2-1-302", "电费", "2026-01-01", "2026-01-31", "88.80"]]


ARREARS_DETAIL_HEADER = ["费用编号", "房号", "业主", "业主电话", "面积", "费用项", "开始时间", "结束时间",
                         "欠费时长（天）",
                         "欠费时长（月）", "欠费金额"]


def arrears_detail_rows() -> list[list[object]]:
    """MicroCommunity 欠费明细表: what each unit still owes, per fee and range."""
    return [ARREARS_DETAIL_HEADER,
            ["902026010100001", "1-1-103", "郑七巧", "13700001103", "89.50", "物业费", "2026-01-01", "2026-07-01", "59",
             "1.97", "537.00"],
            ["902026010100002", "1-1-103", "郑七巧", "13700001103", "89.50", "水费", "2026-01-01", "2026-02-01", "59",
             "1.97", "42.30"],
            ["902026010100003", "2-1-303", "王八方", "13700002303", "120.00", "物业费", "2025-07-01", "2025-12-31",
             "243", "8.10", "720.00"]]


def arrears_list_rows() -> list[list[object]]:
    """MicroCommunity 欠费清单: one row per unit, one column per fee item, and the total."""
    return [["收费对象", "业主名称", "手机号", "开始时间", "结束时间", "物业费", "停车费", "合计"],
            ["3-1-601", "冯九思", "13600003601", "2026-01-01", "2026-06-30", "600.00", "0", "600.00"],
            ["3-1-602", "陈十全", "13600003602", "2026-01-01", "2026-03-31", "310.50", "150.00", "460.50"]]


def rooms_split_rows() -> list[list[object]]:
    """MicroCommunity 未收费房屋: split 楼栋 / 单元 / 房屋 columns."""
    return [["序号", "楼栋", "单元", "房屋", "业主名称", "业主电话"],
            [1, "5", "1", "101", "卫小满", "13500005101"],
            [2, "5", "1", "102", "蒋大成", "13500005102"],
            [3, "5号楼", "2单元", "201室", "沈如意", ""]]


def month_owe_rows() -> list[list[object]]:
    """MicroCommunity 欠费统计 (DataMonthOweStatisticsAdapt): 业主 written as "name(phone)", a month per row, and
    a 总欠费 line at the bottom."""
    return [["房屋", "业主", "费用名称", "欠费时间段", "欠费金额"],
            ["6-1-101", "韩小雪(13400006101)", "物业费", "2026-01", "215.00"],
            ["6-1-101", "韩小雪(13400006101)", "物业费", "2026-02", "215.00"],
            ["6-1-102", "杨不悔()", "公摊水电", "2026-01", "18.60"],
            ["总欠费", 448.6, None, None, None]]


EJYY_HEADER = ["资产类型(不能为空)", "园区编号/建筑商开发期数", "栋", "单元/区域", "门牌号/编号(不能为空)",
               "建筑面积(不能为空)",
               "业主姓名", "业主身份证号", "业主电话号码"]


def ejyy_rows() -> list[list[object]]:
    """ejyy 固定资产导入模板: flats of phase 1 and phase 2 with the same building and number, parking spaces,
    a storeroom, a shop and a garage in no building; areas as Excel numbers, the rest as text."""
    return [EJYY_HEADER,
            ["住宅", "1期", "12号楼", "3单元", "702", 97.6, "朱晓东", "110101199001011234", "13300012702"],
            ["住宅", "2期", "12号楼", "3单元", "702", 101.2, "秦晓南", "110101199202022345", "13300022702"],
            ["车位", "2期", None, "B", "304", 12.5, "秦晓南", "110101199202022345", "13300022702"],
            ["仓房（仓库）", "2期", None, "F", "134", 8.6, "许晓西", "110101199303033456", "13300023134"],
            ["住宅", None, "11栋", "3单元", "101", 128.1, "何晓北", "110101199404044567", "13300011101"],
            ["商户", None, None, "D", "506", 45.0, "吕晓中", "110101199505055678", "13300000506"],
            ["车库", None, None, "E", "102", 18.0, "施晓春", "110101199606066789", "13300000102"]]


def pay_history_rows() -> list[list[object]]:
    """MicroCommunity 房屋缴费历史 (import): 缴费周期 counts months; 应缴 / 实缴 as in the sheet."""
    return [["房屋编号", "收费项目", "缴费周期", "开始时间", "结束时间", "缴费时间", "应缴金额", "实缴金额", "收银员",
             "备注"],
            ["7-1-101", "物业费", "6", "2025-07-01", "2025-12-31", "2025-07-03", "537.00", "537.00", "孔收银", ""],
            ["7-1-101", "物业费", "6", "2026-01-01", "2026-06-30", "2026-01-04", "537.00", "300.00", "孔收银", "分期"]]


def owe_list_long_rows() -> list[list[object]]:
    """MicroCommunity 欠费清单 (ListOweFeeAdapt): the 缴费明细 columns for fees not paid yet (实收 0, no time)."""
    header = ["订单号", "房号", "业主", "费用项", "费用类型", "费用状态", "支付方式", "费用开始时间", "费用结束时间",
              "缴费时间", "应收金额", "实收金额", "优惠金额", "减免金额", "赠送金额", "滞纳金", "空置房打折金额",
              "空置房减免金额", "面积", "车位"]
    return [header,
            ["", "9-1-101", "鲁一", "物业费(住宅)", "物业费", "欠费", "", "2026-01-01", "2026-07-01", "", "600.00", "0",
             "0", "0", "0", "0", "0", "0", "100.00", ""],
            ["", "9-1-102", "鲁二", "物业费(住宅)", "物业费", "欠费", "", "2026-01-01", "2026-07-01", "", "600.00", "0",
             "0", "0", "0", "0", "60.00", "0", "100.00", ""]]


def bill_detail_rows() -> list[list[object]]:
    """MicroCommunity 账单明细表 (ReportPrePaymentDetailAdapt): 应缴 beside 应收 (here equal), 实收 and 欠费."""
    header = ["报表ID", "付费对象", "业主", "费用项", "费用类型", "费用状态", "账单状态", "支付方式", "费用开始时间",
              "费用结束时间", "缴费时间", "应缴金额（元）", "应收金额（元）", "实收金额（元）", "欠费金额（元）",
              "优惠金额（元）", "减免金额（元）", "赠送金额（元）", "滞纳金（元）", "空置房打折金额（元）",
              "空置房减免金额（元）", "面积（平方米）"]
    return [header,
            ["R001", "9-2-201", "齐一", "物业费", "物业费", "已缴费", "已缴", "微信", "2026-01-01", "2026-04-01",
             "2026-01-03 10:00:00", "300.00", "300.00", "285.00", "0.00", "15.00", "0", "0", "0", "0", "0", "100.00"],
            ["R002", "9-2-202", "齐二", "物业费", "物业费", "欠费", "未缴", "--", "2026-01-01", "2026-04-01", "--",
             "300.00", "300.00", "0.00", "300.00", "0", "0", "0", "0", "0", "0", "100.00"]]


def create_fee_template_rows() -> list[list[object]]:
    """MicroCommunity 创建费用 template (ExportCreateFeeTemplateAdapt): starts fees, carries no amounts."""
    return [["房号", "类型", "费用项ID", "收费项目", "建账时间", "计费起始时间", "计费结束时间", "房屋状态"],
            ["1-1-101", "1001", "902022111900000001", "物业费", "2026-01-01", "2026-01-01", "", "已入住"]]
