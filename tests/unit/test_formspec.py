"""Templates and the indicator library (g60desk.formspec).

Covers: both shipped templates load with the fields, choices, indicator
taxonomy, headers and styles of their forms; the summary sentence and title;
broken template files give one TemplateError with a Chinese message; the
indicator library loads and fits the templates. Not covered: how the editor
or the PDF uses a template.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from g60desk.domain.targets import NEGATIVE_OPERATORS, TargetKind, parse_target
from g60desk.formspec import (
    LibraryEntry,
    Template,
    TemplateError,
    load_library,
    load_template,
    load_template_dirs,
    load_templates,
)
from g60desk.paths import forms_dir, library_file

CJK = re.compile(r"[\u4e00-\u9fff]")
FORMS = forms_dir()
T2022 = FORMS / "shanghai-2022.toml"
T2026 = FORMS / "shanghai-2026.toml"


@pytest.fixture(scope="module")
def templates() -> dict[str, Template]:
    return load_templates(FORMS)


def test_templates_load_and_other_toml_is_skipped(templates: dict[str, Template]) -> None:
    # forms/ also holds the indicator library, review words and the monitoring and
    # self-evaluation sheets, which are not declaration templates.
    shipped = {p.stem for p in FORMS.glob("*.toml")} - {"indicator-library", "review",
                                                         "shanghai-monitor",
                                                         "shanghai-selfeval-2022"}
    assert set(templates) == shipped and len(shipped) >= 2
    assert all(t.source == f"{tid}.toml" for tid, t in templates.items())


def test_2022_template(templates: dict[str, Template]) -> None:
    t = templates["shanghai-2022"]
    assert t.value_style == "plain"
    assert t.date_style == "iso"
    assert t.region_word == "本市"
    assert [f.key for f in t.fields] == [
        "name", "category", "department", "implementer", "start", "end"]
    assert not t.has_field("nature")
    category = t.field("category")
    assert category is not None and category.label == "项目类别"
    assert category.choices == ("经常性项目", "一次性项目")
    assert [lv.name for lv in t.level1] == ["产出指标", "效益指标", "满意度指标"]
    assert t.level1_of_kind("cost") is None
    assert t.level2_names("产出指标") == ("数量指标", "质量指标", "时效指标", "成本指标")
    output = t.level1_spec("产出指标")
    assert output is not None
    assert output.expected_level2 == ("数量指标", "质量指标", "时效指标")
    assert [s.target_header for s in t.shape.sides] == ["年度指标值"]
    assert t.text["table_title"].format(n=1) == "财政项目支出绩效目标填报表1"
    overall, annual = t.goals
    assert overall.heading(2022, 2022) == "项目总目标(2022年-2022年)"
    assert (overall.name, annual.name, annual.label) == ("项目总目标", "年度总目标", "年度总目标")
    assert t.shape.header_rows == (("name", "category"), ("department", "implementer"),
                                   ("start", "end"))
    assert t.amount_unit == "元" and t.prints("signature") and not t.default


def test_2026_template(templates: dict[str, Template]) -> None:
    t = templates["shanghai-2026"]
    assert t.value_style == "decimal-paren"
    assert t.region_word == "本区"
    nature = t.field("nature")
    assert nature is not None and nature.label == "项目性质"
    assert nature.choices == ("经常性项目", "一次性项目", "阶段性项目")
    category = t.field("category")
    assert category is not None and category.label == "项目类别"
    assert category.choices == ("特定目标类", "其他运转类")
    assert t.label("nature") == "项目性质"
    # 成本指标 is a first-level indicator, printed first.
    cost = t.level1[0]
    assert (cost.name, cost.kind) == ("成本指标", "cost")
    assert cost.level2 == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    assert t.level1_of_kind("cost") is cost
    assert t.kind_of("成本指标") == "cost"
    assert t.kind_of("满意度指标") == "satisfaction"
    assert t.kind_of("不存在") is None
    assert "成本指标" not in t.level2_names("产出指标")
    assert [s.target_header for s in t.shape.sides] == ["年度(/项目)指标值"]
    overall, annual = t.goals
    assert overall.heading(2026, 2028) == "项目总体目标(2026年-2028年)"
    assert annual.name == "年度总体目标"
    assert t.shape.header_rows[:2] == (("name",), ("nature", "category"))
    assert t.default


@pytest.mark.parametrize("template_id", ["shanghai-2022", "shanghai-2026"])
def test_common_parts(templates: dict[str, Template], template_id: str) -> None:
    t = templates[template_id]
    assert [s.title for s in t.sections] == [
        "一、项目概述", "二、立项依据", "三、实施主体", "四、实施方案", "五、实施周期",
        "六、年度预算安排", "七、绩效目标"]
    targets = t.section("targets")
    assert targets is not None and not targets.required
    assert t.label("annual") == "年度资金申请总额"
    assert t.label("annual_appropriation") == "当年财政拨款"
    row = t.shape.funding_row("annual_appropriation")
    assert row is not None and row.label == "其中:当年财政拨款"
    annual = t.shape.funding_row("annual")
    assert annual is not None and annual.sum_of == (
        "annual_appropriation", "annual_carryover", "annual_other")
    assert annual.not_above == "total" and t.shape.annual_key == "annual"
    assert t.label("name") == "项目名称"
    assert t.signature_labels["unit"] == "填报单位(盖章)"
    assert t.level2_names("满意度指标")[0] == "服务对象满意度指标"
    assert all(g.max_length == 5000 for g in t.goals)


def test_summary_sentence_and_title(templates: dict[str, Template]) -> None:
    t = templates["shanghai-2022"]
    # Word for word the sentence of the seed declaration.
    assert t.summary_sentence(year=2022, units=1, projects=4, total_wan="796.00") == (
        "按照本市预算绩效管理工作的总体要求,本部门1个预算单位开展了2022年项目预算绩效目标"
        "编报工作,编报绩效目标的项目4个,涉及项目预算资金796.00万元。")
    assert t.title(department="上海市松江区长三角 G60 科创走廊创新研究中心", year=2022) == (
        "上海市松江区长三角 G60 科创走廊创新研究中心2022年财政支出项目绩效目标申报表")
    s2026 = templates["shanghai-2026"].summary_sentence(
        year=2026, units=3, projects=12, total_wan="22,614.51")
    assert s2026.startswith("按照本区预算绩效管理工作的总体要求,本部门3个预算单位")
    assert "编报绩效目标的项目12个,涉及项目预算资金22,614.51万元。" in s2026


# ------------------------------------------------------------------ broken templates

def _broken(tmp_path: Path, old: str, new: str, source: Path = T2022) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('id = "shanghai-2022"\n', "", "缺少“id”"),
        ('summary_sentence = "', 'summary_sentense = "', "需要 summary_sentence"),
        ('[text]\n', "[texts]\n", "缺少“text”"),
        ('[[fields]]\nkey = "name"\nlabel = "项目名称"\n',
         '[[fields]]\nkey = "title"\nlabel = "项目名称"\n', "缺少项目名称字段"),
        ('header = [["name", "category"]', 'header = [["name", "kind"]', "不在 [[fields]] 中"),
        ('sum_of = ["total_fiscal", "total_other"]', 'sum_of = ["total_fiscal", "others"]',
         "不存在的行“others”"),
        ('side = "annual"\nlabel = "上年结转资金"', 'side = "middle"\nlabel = "上年结转资金"',
         "side“middle”"),
        ('rules_side = "annual"', 'rules_side = "mid"', "rules_side"),
        ('key = "start"\nlabel = "计划开始日期"\ntype = "date"',
         'key = "start"\nlabel = "计划开始日期"\ntype = "text"', "date 类型"),
        ('role = "annual"', 'role = "yearly"', "role"),
        ('signature = true', 'signature = "yes"', "signature"),
        ('label = "计划开始日期"', 'labels = "计划开始日期"', "缺少“label”"),
        ('key = "total_other"\nside = "whole"\n', 'side = "whole"\n', "缺少“key”"),
        ('value_style = "plain"', 'value_style = "fancy"', "value_style"),
        ('value_style = "plain"', "value_style = 3", "value_style"),
        ('date_style = "iso"', 'date_style = "us"', "date_style"),
        ('key = "department"', 'key = "Bureau"', "小写字母"),
        ('key = "basis"', 'key = "overview"', "重复"),
        ('kind = "benefit"', 'kind = "profit"', "kind"),
        ('expected_level2 = ["数量指标", "质量指标", "时效指标"]',
         'expected_level2 = ["数量指标", "满意度指标"]', "expected_level2"),
        ('level2 = ["经济效益指标"', 'level2 = [1, "经济效益指标"', "文字列表"),
        ('choices = ["经常性项目", "一次性项目"]', 'choices = "经常性项目"', "文字列表"),
        ("max_length = 100", "max_length = -1", "正整数"),
        ("goal = 5000", 'goal = "5000"', "正整数"),
        ('title = "{department}', 'title = "{unit}', "占位符"),
        ('table_title = "财政项目支出绩效目标填报表{n}"',
         'table_title = "财政项目支出绩效目标填报表{n"', "占位符"),
        ('name = "产出指标"', 'names = "产出指标"', "缺少“name”"),
    ],
)
def test_broken_template_gives_chinese_error(tmp_path: Path, old: str, new: str,
                                            words: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    assert words in message
    assert CJK.search(message)


def test_fields_written_as_list_of_strings(tmp_path: Path) -> None:
    text = T2022.read_text(encoding="utf-8").replace("[[fields]]", "[[fieldz]]")
    path = tmp_path / "broken.toml"
    path.write_text('fields = ["keyboard", 1]\n' + text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert "应写成 [[fields]] 表格" in str(info.value)


def test_template_without_level1(tmp_path: Path) -> None:
    text = T2022.read_text(encoding="utf-8").replace("[[level1]]", "[[level0]]")
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert "level1" in str(info.value)


@pytest.mark.parametrize(
    "content",
    ["this is not toml = = =", '[template\nid = "x"', 'a = "unterminated',
     "[template]\n[template]\n"],
)
def test_bad_toml(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert "格式错误" in str(info.value)
    assert "bad.toml" in str(info.value)


def test_non_utf8_template(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "项目名称"\n'.encode("gbk"))
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert "UTF-8" in str(info.value)
    assert "gbk.toml" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        load_template(tmp_path / "nope.toml")
    assert "无法读取" in str(info.value)


def test_duplicate_template_ids_in_one_folder_skip_the_second(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(T2022.read_bytes())
    (tmp_path / "b.toml").write_bytes(T2022.read_bytes())
    found = load_template_dirs(tmp_path)
    assert list(found.templates) == ["shanghai-2022"]
    assert found.origins["shanghai-2022"].name == "a.toml"
    [problem] = found.problems
    assert "重复" in problem and "shanghai-2022" in problem and "b.toml" in problem


def test_broken_template_is_skipped_and_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_bytes(T2026.read_bytes())
    bad = T2022.read_text(encoding="utf-8").replace('kind = "benefit"', 'kind = "profit"')
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "syntax.toml").write_text('[template]\nid = "x\n', encoding="utf-8")
    found = load_template_dirs(tmp_path)
    assert list(found.templates) == ["shanghai-2026"]
    line = next(n for n, text in enumerate(bad.splitlines(), 1) if 'kind = "profit"' in text)
    # The line of the [[level1]] table holding the bad kind (its header is just above).
    messages = "\n".join(found.problems)
    assert "bad.toml" in messages and "syntax.toml" in messages and "第2行" in messages
    assert any(f"第{n}行" in messages for n in range(line - 3, line + 1))


def test_data_folder_template_replaces_and_default_is_explicit(tmp_path: Path) -> None:
    text = T2026.read_text(encoding="utf-8").replace('id = "shanghai-2026"', 'id = "mine"')
    (tmp_path / "mine.toml").write_text(text.replace("default = true", "default = false"),
                                        encoding="utf-8")
    found = load_template_dirs(FORMS, tmp_path)
    assert "mine" in found.templates and found.default is not None
    assert found.default.id == "shanghai-2026"  # marked default, not the last one read
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    assert load_template_dirs(FORMS, tmp_path).default.id == "mine"  # type: ignore[union-attr]


def test_folder_without_templates(tmp_path: Path) -> None:
    (tmp_path / "indicator-library.toml").write_bytes(library_file().read_bytes())
    with pytest.raises(TemplateError) as info:
        load_templates(tmp_path)
    assert "没有可用的模板" in str(info.value)


# ------------------------------------------------------------------ indicator library

def test_library_fits_the_templates(templates: dict[str, Template]) -> None:
    library = load_library(library_file())
    assert len(library) >= 80
    template_pairs = {(lv.name, l2) for t in templates.values()
                      for lv in t.level1 for l2 in lv.level2}
    library_pairs = {(e.level1, e.level2) for e in library}
    # Every 二级 of both templates has suggestions …
    assert template_pairs <= library_pairs
    # … and no suggestion belongs to a 一级/二级 that no template has.
    assert library_pairs <= template_pairs


def test_library_rows() -> None:
    library = load_library(library_file())
    keys = [(e.level1, e.level2, e.name) for e in library]
    assert len(keys) == len(set(keys)), "duplicate rows"
    for e in library:
        assert e.name.strip() and e.keywords, e
        t = parse_target(e.target)
        assert t.kind in (TargetKind.QUANTITATIVE, TargetKind.QUALITATIVE), e
        # The plain 2022 style: templates re-print it in their own style.
        assert not re.search(r"[≥≤(]", e.target), e
        if "成本" in e.level2:
            assert t.kind is TargetKind.QUANTITATIVE and t.operator in NEGATIVE_OPERATORS, e
        if t.is_percent and t.number is not None:
            assert t.number <= 100, e
        if e.level1 == "满意度指标":
            assert t.is_percent and t.operator == "≥", e


def test_library_has_the_usual_indicators() -> None:
    by_name: dict[str, LibraryEntry] = {}
    for e in load_library(library_file()):
        by_name.setdefault(e.name, e)
    expected = {
        "质量验收通过率": "=100%", "项目开展及时性": "及时", "相关方满意度": ">=85%",
        "服务对象满意度": ">=90%", "工作开展及时性": "及时", "采购及时性": "及时",
        "课题成果应用率": "=100%",
    }
    for name, target in expected.items():
        assert by_name[name].target == target
    for name in ("成本控制合理性", "预算执行率", "资金使用合规性", "培训人次", "设备完好率",
                 "开发相关课程", "评估报告形成率", "院士工作站与企业合作对接率"):
        assert name in by_name
    assert "培训" in by_name["培训人次"].keywords


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('title = "no rows"\n', "缺少 [[indicator]]"),
        ('[[indicator]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nname = "x"\n', "缺少“target”"),
        ('[[indicator]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nname = "x"\n'
         'target = "完成"\nkeywords = "x"\n', "文字列表"),
        ('[[indicator]]\nlevel1 = 1\nlevel2 = "数量指标"\nname = "x"\ntarget = "完成"\n',
         "类型不对"),
        ("indicator = [1, 2]\n", "应为表格"),
        ("[[indicator]\n", "格式错误"),
    ],
)
def test_broken_library(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "lib.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_library(path)
    assert words in str(info.value)
    assert CJK.search(str(info.value))
