"""The monitoring and self-evaluation sheets of forms/ ([sheet] files)."""

from __future__ import annotations

import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest

from g60desk.formspec import TemplateError, load_template_dirs
from g60desk.formspec.sheets import load_sheet_dirs, parse_sheet
from tests.factories import FORMS


def test_shipped_sheets_load_and_serve_every_template() -> None:
    found = load_sheet_dirs(FORMS)
    assert found.problems == []
    assert set(found.sheets) == {"shanghai-monitor", "shanghai-selfeval-2022"}
    ev = found.for_template("evaluation", "shanghai-2022")
    assert ev is not None and ev.scoring.execution_weight == D(10)
    assert ev.scoring.level_weights["产出指标"] == D(50)
    mon = found.for_template("monitoring", "shanghai-2026")
    assert mon is not None and mon.label("executed_to_date", 7) == "1-7月执行数"
    assert [c.key for c in mon.columns][:4] == ["level1", "level2", "name", "target"]


def test_sheets_do_not_disturb_declaration_templates() -> None:
    found = load_template_dirs(FORMS)
    assert found.problems == []
    assert "shanghai-monitor" not in found.templates


def _data(name: str = "shanghai-selfeval-2022.toml") -> dict:
    return tomllib.loads((FORMS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["sheet"].update(kind="other"), "kind 只能是"),
    (lambda d: d["sheet"].pop("title"), "缺少“title”"),
    (lambda d: d["scoring"].update(reverse="square"), "reverse 只能是"),
    (lambda d: d["scoring"]["level_weights"].update({"产出指标": 40}), "合计应为 100,现为 90"),
    (lambda d: d["scoring"]["level_weights"].update({"产出指标": "五十"}), "必须是数字"),
    (lambda d: d["columns"].append({"key": "current", "label": "x"}), "不是自评表的列"),
    (lambda d: d["columns"].pop(0), "缺少列:level1"),
    (lambda d: d["labels"].pop("total"), "[labels] 缺少:total"),
    (lambda d: d["sheet"].update(default_month=13), "1 到 12"),
])
def test_problems_are_chinese_and_named(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = _data()
    change(data)
    with pytest.raises(TemplateError) as exc:
        parse_sheet(data, "x.toml")
    assert message in str(exc.value) and "表样 x.toml" in str(exc.value)


def test_broken_sheet_file_is_skipped_and_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[sheet]\nid = "bad"\nkind = "evaluation"\n',
                                       encoding="utf-8")
    found = load_sheet_dirs(FORMS, tmp_path)
    assert len(found.problems) == 1 and "bad.toml" in found.problems[0]
    assert "shanghai-selfeval-2022" in found.sheets


def test_a_sheet_naming_its_template_wins(tmp_path: Path) -> None:
    text = (FORMS / "shanghai-selfeval-2022.toml").read_text(encoding="utf-8")
    text = text.replace('id = "shanghai-selfeval-2022"', 'id = "district"')
    text = text.replace("templates = []", 'templates = ["shanghai-2026"]')
    text = text.replace('reverse = "ratio"', 'reverse = "linear"')
    (tmp_path / "district.toml").write_text(text, encoding="utf-8")
    found = load_sheet_dirs(FORMS, tmp_path)
    chosen = found.for_template("evaluation", "shanghai-2026")
    assert chosen is not None and chosen.id == "district" and chosen.scoring.reverse == "linear"
    other = found.for_template("evaluation", "shanghai-2022")
    assert other is not None and other.id == "shanghai-selfeval-2022"
