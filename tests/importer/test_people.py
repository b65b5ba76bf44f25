"""Who the people in a file are: matched by phone; never merged by name alone; completed by later files."""

from sqlalchemy import select

from bot.db.models import Occupancy, Person, Unit, WeChatBinding
from bot.importer import ImportOptions, import_file
from tests.importer.files import NOW, seed_community, write_csv

HEADER = ["房号", "面积", "业主", "手机"]


def run(sessions, tmp_path, rows, name="people.csv", header=HEADER):
    report = import_file(write_csv(tmp_path / name, [header, *rows]), sessions, "YGHY", NOW, ImportOptions())
    assert report.ok, report.summary()
    return report


def people(sessions) -> dict[str, list[tuple[str | None, list[str]]]]:
    """name → [(phone, [unit labels])] per person."""
    with sessions() as session:
        found: dict[int, tuple[str, str | None, list[str]]] = {}
        for person, label in session.execute(select(Person, Unit.label).join(Occupancy,
                                                                             Occupancy.person_id == Person.id)
                                             .join(Unit, Unit.id == Occupancy.unit_id).order_by(Unit.label)):
            found.setdefault(person.id, (person.name, person.phone, []))[2].append(label)
    result: dict[str, list] = {}
    for name, phone, labels in found.values():
        result.setdefault(name, []).append((phone, labels))
    return result


def test_name_only_rows_on_two_units_are_two_people_and_the_report_says_so(sessions, tmp_path):
    seed_community(sessions)
    report = run(sessions, tmp_path, [["3-2-1502", "89", "王伟", ""], ["5-1-301", "90", "王伟", ""]])
    assert people(sessions) == {"王伟": [(None, ["3栋2单元1502"]), (None, ["5栋1单元301"])]}
    assert "王伟 出现在 2 个房屋，都没有电话：文件没说是同一人，按不同的人记录" in report.summary()
    assert run(sessions, tmp_path, [["3-2-1502", "89", "王伟", ""], ["5-1-301", "90", "王伟", ""]]).counts.changed == 0


def test_the_same_name_and_phone_on_two_units_is_one_person(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "13800138000"], ["5-1-301", "90", "王伟", "13800138000"],
                             ["5-1-302", "90", "王伟", "13900139000"]])
    assert people(sessions) == {"王伟": [("13800138000", ["3栋2单元1502", "5栋1单元301"]),
                                       ("13900139000", ["5栋1单元302"])]}


def test_a_later_file_with_phones_completes_them_instead_of_adding_people(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", ""], ["5-1-301", "90", "李娜", ""]], "bills.csv")
    report = run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "13800138000"], ["5-1-301", "90", "李娜", ""]])
    assert (report.counts.people_created, report.counts.phones_completed) == (0, 1)
    assert people(sessions) == {"王伟": [("13800138000", ["3栋2单元1502"])], "李娜": [(None, ["5栋1单元301"])]}
    assert "补全了电话：王伟 → 138****8000（以前导入时没有电话）" in report.summary()


def test_phones_show_two_phoneless_records_were_one_person(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", ""], ["5-1-301", "90", "王伟", ""]], "first.csv")
    with sessions.begin() as session:  # someone bound the second record in the meantime (by staff)
        second = session.scalars(select(Person).join(Occupancy).join(Unit).where(Unit.label == "5栋1单元301")).one()
        unit_id = session.scalar(select(Unit.id).where(Unit.label == "5栋1单元301"))
        session.add(WeChatBinding(conversation_id="wx:oW", person_id=second.id, unit_id=unit_id, role="owner",
                                  verified_by="staff:amy", verified_at=NOW))
    report = run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "13800138000"], ["5-1-301", "90", "王伟",
                                                                                "13800138000"]])
    assert (report.counts.phones_completed, report.counts.people_merged, report.counts.people_created) == (1, 1, 0)
    assert people(sessions) == {"王伟": [("13800138000", ["3栋2单元1502", "5栋1单元301"])]}
    with sessions() as session:
        kept = session.scalars(select(Person.id)).one()
        assert session.scalars(select(WeChatBinding.person_id)).one() == kept
    assert "合并为同一人：王伟（电话相同" in report.summary()


def test_the_file_can_say_rows_are_one_person_without_a_phone(sessions, tmp_path):
    seed_community(sessions)
    header = ["房号", "面积", "业主姓名", "业主身份证号"]
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "110101199001011234"],
                             ["5-1-301", "90", "王伟", "110101199001011234"],
                             ["5-1-302", "90", "王伟", "110101198001011111"]], header=header)
    assert people(sessions) == {"王伟": [(None, ["3栋2单元1502", "5栋1单元301"]), (None, ["5栋1单元302"])]}


def test_a_phone_on_one_row_of_a_person_key_reaches_the_others(sessions, tmp_path):
    seed_community(sessions)
    header = ["房号", "面积", "业主姓名", "客户编号", "手机"]
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "C001", "13800138000"], ["5-1-301", "90", "王伟", "C001", ""]],
        header=header)
    assert people(sessions) == {"王伟": [("13800138000", ["3栋2单元1502", "5栋1单元301"])]}


def test_a_phoneless_row_next_to_the_same_person_with_a_phone_is_that_person(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, tmp_path, [["3-2-1502", "89", "王伟", "13800138000"], ["3-2-1502", "89", "王伟", ""]])
    assert people(sessions) == {"王伟": [("13800138000", ["3栋2单元1502"])]}
