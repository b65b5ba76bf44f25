import pytest

from bot.importer import ImportFileError
from bot.importer.headers import Field, map_headers, require_columns


@pytest.mark.parametrize(("written", "field"), [
    ("小区名称", Field.COMMUNITY), ("项目名称", Field.COMMUNITY), ("房屋编号", Field.UNIT), ("房号", Field.UNIT),
    ("面积(㎡)", Field.AREA), ("建筑面积（㎡）", Field.AREA), ("* 客户姓名", Field.NAME), ("联系电话", Field.PHONE),
    ("人员类型", Field.ROLE), ("费项", Field.ITEM), ("费用所属期", Field.PERIOD), ("应缴金额(元)", Field.AMOUNT),
    ("缴费截止日", Field.DUE_DATE), ("已缴金额", Field.PAID_AMOUNT), ("收款日期", Field.PAID_DATE),
    ("支付方式", Field.CHANNEL), ("交易单号", Field.REFERENCE), ("收据号", Field.REFERENCE),
])
def test_real_world_spellings(written, field):
    headers = map_headers([written])
    assert headers.columns == {field: 0}
    assert headers.label(field) == written


def test_room_number_beside_a_building_column_is_the_room():
    headers = map_headers(["楼号", "单元", "房号", "面积"])
    assert headers.columns == {Field.BUILDING: 0, Field.ENTRANCE: 1, Field.ROOM: 2, Field.AREA: 3}


def test_unknown_and_repeated_columns_are_listed_not_used():
    headers = map_headers(["房号", "备注", "手机", "电话", "", "楼层"])
    assert headers.columns == {Field.UNIT: 0, Field.PHONE: 2}
    assert headers.unknown == ["备注", "电话", "楼层"]


def test_missing_columns_say_what_is_missing_and_what_was_found():
    header = ["业主姓名", "应收金额", "备注"]
    with pytest.raises(ImportFileError) as raised:
        require_columns(map_headers(header), header, "bills.csv", community_code="YGHY")
    message = str(raised.value)
    assert "bills.csv" in message
    assert "房号" in message and "账期" in message  # missing
    assert "业主姓名、应收金额、备注" in message  # found


def test_unit_alone_is_not_enough():
    header = ["房号", "备注"]
    with pytest.raises(ImportFileError, match="面积、应收金额"):
        require_columns(map_headers(header), header, "x.csv", community_code="YGHY")


def test_community_needed_from_the_file_or_the_caller():
    header = ["房号", "面积"]
    with pytest.raises(ImportFileError, match="小区"):
        require_columns(map_headers(header), header, "x.csv", community_code=None)
    require_columns(map_headers(header), header, "x.csv", community_code="YGHY")
    require_columns(map_headers(["小区", *header]), ["小区", *header], "x.csv", community_code=None)
