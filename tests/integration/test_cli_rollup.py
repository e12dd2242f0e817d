"""``main.py rollup``: the written declaration, the printed cover sentence, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from g60desk import cli
from g60desk.commands.templates import load_all
from g60desk.commands.xlsx import project_checks
from g60desk.domain.money import format_wan
from g60desk.exchange.bundle import read_bundle, write_bundle
from tests.store_samples import declaration


def bundles(tmp_path: Path, prefix: str = "") -> list[Path]:
    """Two one-unit bundles a.json (甲中心, project ``{prefix}a1``) and b.json (乙中心)."""
    paths = []
    for tag, unit in (("a", "甲中心"), ("b", "乙中心")):
        decl = declaration(1, unit=unit, decl_id=f"{prefix}d{tag}")
        decl.projects[0].id = f"{prefix}{tag}1"
        path = tmp_path / f"{tag}.json"
        write_bundle(decl, path)
        paths.append(path)
    return paths


def test_two_unit_bundles_roll_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = bundles(tmp_path)
    out = tmp_path / "dept.json"
    assert cli.main(["rollup", str(a), str(b), "-o", str(out), "--department", "区科委"]) == 0
    printed = capsys.readouterr().out
    decl = read_bundle(out)
    assert decl.department == "区科委" and decl.units == ["甲中心", "乙中心"]
    assert [p.id for p in decl.projects] == ["a1", "b1"]
    total = read_bundle(a).annual_total("annual") + read_bundle(b).annual_total("annual")
    assert decl.annual_total("annual") == total
    assert "已汇总 2 个预算单位、2 个项目" in printed
    assert "本部门2个预算单位" in printed and f"{format_wan(total, grouping=False)}万元" in printed
    assert "甲中心(a.json):1 个项目" in printed


def test_conflicts_are_listed_and_nothing_is_written(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a, _ = bundles(tmp_path)
    out = tmp_path / "dept.json"
    assert cli.main(["rollup", str(a), str(a), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误:数据包之间有 2 处冲突") and "项目编号“a1”" in err
    assert not out.exists()


def test_unreadable_and_mismatched_bundles(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b = bundles(tmp_path)
    junk = tmp_path / "junk.json"
    junk.write_text("[", encoding="utf-8")
    out = tmp_path / "dept.json"
    assert cli.main(["rollup", str(a), str(junk), "-o", str(out)]) == 2
    assert "junk.json" in capsys.readouterr().err
    later = declaration(1, year=2023, unit="乙中心")
    write_bundle(later, b)
    assert cli.main(["rollup", str(a), str(b), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "年度不同" in err and "Traceback" not in err and not out.exists()


def test_the_rolled_up_pdf_prints_the_units_table(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    a, b = bundles(tmp_path)
    dept = tmp_path / "dept.json"
    assert cli.main(["rollup", str(a), str(b), "-o", str(dept), "--department", "区科委"]) == 0
    pdf = tmp_path / "dept.pdf"
    assert cli.main(["pdf", str(dept), "-o", str(pdf)]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", "-layout", "-l", "2", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    head = text.split("财政项目支出绩效目标填报表")[0]
    assert "本部门2个预算单位" in head and "合计" in head
    plain = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    joined = "".join(plain.split())  # the header cells wrap; read them unwrapped
    assert ("项目数年度资金申请总额(元)当年财政拨款(元)上年结转资金(元)其他资金(元)"
            in joined)
    assert "指标数" in joined and "预审" in joined and "未解决的错误" in joined
    decl = read_bundle(dept)
    template = load_all()[decl.template]
    checks = project_checks(decl, template)
    for k, unit in enumerate(("甲中心", "乙中心")):
        line = next(line for line in head.splitlines() if unit in line)
        own = sum(p.funding.get("annual") or 0 for p in decl.projects if p.unit == unit)
        assert f"{own:,.2f}" in line
        # 预审 and 未解决的错误: the checker's verdict on the unit's one project
        assert line.split()[-2:] == [checks[k].label, str(checks[k].errors)]
    total_line = next(line for line in head.splitlines() if "合计" in line)
    assert f"{decl.annual_total('annual'):,.2f}" in total_line
    worst = max(checks, key=lambda c: c.rank)
    assert total_line.split()[-2:] == [worst.label, str(sum(c.errors for c in checks))]


def test_a_one_unit_pdf_has_no_units_table(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    a, _ = bundles(tmp_path)
    pdf = tmp_path / "a.pdf"
    assert cli.main(["pdf", str(a), "-o", str(pdf)]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "合计" not in text.split("财政项目支出绩效目标填报表")[0]
