"""`wuyebot db upgrade`, `wuyebot demo seed` and `wuyebot import FILE` against DATABASE_URL (SQLite here; the
PostgreSQL paths of the same code are covered by tests/data and tests/importer)."""

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.db.models import Community, Unit
from bot.db.session import make_engine, make_session_factory
from tests.importer.files import write_csv


@pytest.fixture
def database_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def count(url, model):
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return session.execute(select(func.count()).select_from(model)).scalar_one()
    finally:
        engine.dispose()


def test_upgrade_then_seed_once(database_url, capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["demo", "seed"]) == 0
    out = capsys.readouterr().out
    assert "Seeded 3 communities, 2040 units" in out and "1栋1单元101" in out
    assert main(["demo", "seed"]) == 0  # never twice
    assert "nothing seeded" in capsys.readouterr().out
    assert count(database_url, Community) == 3 and count(database_url, Unit) == 2040


def test_import_reports_and_sets_the_exit_status(database_url, tmp_path, capsys):
    main(["demo", "seed"])
    capsys.readouterr()
    good = write_csv(tmp_path / "units.csv", [["小区名称", "房号", "建筑面积", "业主姓名", "联系电话"],
                                              ["阳光花园", "99-1-101", "88.5", "赵敏", "13600001111"]])
    assert main(["import", str(good)]) == 0
    assert "导入文件 units.csv" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", [["小区名称", "房号", "建筑面积"], ["阳光花园", "99-1-102", "很大"]])
    assert main(["import", str(bad)]) == 1
    assert main(["import", str(tmp_path / "missing.csv")]) == 1
    assert "Cannot import" in capsys.readouterr().err


def test_a_new_company_starts_from_an_empty_database(database_url, tmp_path, capsys):
    assert main(["community", "add", "QHY", "晴湖苑", "--city", "杭州"]) == 0
    assert "Created community QHY 晴湖苑" in capsys.readouterr().out
    assert main(["community", "add", "QHY2", "晴湖苑"]) == 1  # names must be unique too: files use them
    assert "已有小区 QHY 晴湖苑" in capsys.readouterr().err
    assert main(["community", "add", "bad code!", "别处"]) == 1
    path = write_csv(tmp_path / "bills.csv", [["房号", "面积", "账期", "收费金额", "租金"],
                                              ["3-2-1502", "89.5", "2026-01", "223.75", "1500"]])
    assert main(["import", str(path), "--community", "QHY", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "列 '租金' 是按收费项目分列的金额" in out and "没有写入任何数据" in out
    assert main(["import", str(path), "--community", "QHY", "--dry-run", "--ignore", "租金"]) == 0
    assert "试导入（不写入）" in capsys.readouterr().out and count(database_url, Unit) == 0
    assert main(["import", str(path), "--community", "QHY", "--ignore", "租金", "--map", "收费金额=billed"]) == 0
    assert count(database_url, Unit) == 1
    assert main(["import", str(path), "--community", "QHY"]) == 0  # the choices were remembered
    assert "没有变化" in capsys.readouterr().out
    assert main(["community", "list"]) == 0
    assert "QHY\t晴湖苑\t杭州\t1 units" in capsys.readouterr().out
    assert main(["import", str(path), "--community", "QHY", "--map", "收费金额"]) == 1
    assert "应写成 '原列名=字段'" in capsys.readouterr().err
