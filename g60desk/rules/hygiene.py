"""Characters and values no form can hold: control characters, an impossible signature date.

Codes (X, for text that is not what it seems):

- X001: a control character (ESC, BEL, NUL, ...) in a name or text. It prints as
  nothing on paper and, printed raw by ``check``, can rewrite the terminal.
- X002: the 填报日期 of the signatures is not a real date (``2022-02-30``).
"""

from __future__ import annotations

from collections.abc import Iterator

from g60desk.domain.dates import try_parse_date
from g60desk.domain.model import SIGNATURE_KEYS, Declaration, Project
from g60desk.domain.text import control_chars, describe_char, has_control
from g60desk.formspec.spec import Template
from g60desk.rules.findings import Finding
from g60desk.rules.registry import ERROR, rule

X001 = rule("X001", ERROR, "文字中含有控制字符")
X002 = rule("X002", ERROR, "签章栏的日期无效")


def _controls(path: str, text: str) -> Iterator[Finding]:
    found = control_chars(text)
    if found:
        listed = "、".join(describe_char(c) for c in found[:3])
        yield X001.at(path, f"含有不可见的控制字符({listed}),打印时会丢失或显示为乱码,请删除。")


def _project_texts(p: Project, i: int) -> Iterator[tuple[str, str]]:
    yield f"projects[{i}].unit", p.unit
    # Every stored value, under the template's keys (a value no field shows is kept too).
    for key, text in p.values.items():
        yield f"projects[{i}].{key}", text
    for key, text in p.goals.items():
        yield f"projects[{i}].{key}", text
    for key, text in p.sections.items():
        yield f"projects[{i}].sections.{key}", text
    for j, ind in enumerate(p.indicators):
        for key in ("level1", "level2", "name", "target"):
            yield f"projects[{i}].indicators[{j}].{key}", getattr(ind, key)


def check_project(p: Project, i: int, decl: Declaration, tpl: Template) -> list[Finding]:
    # One search over all of the project's text first: a clean project (the usual case,
    # on every keystroke) costs one regular-expression pass, not one per field.
    blob = "".join((p.unit, *p.values.values(), *p.goals.values(), *p.sections.values(),
                    *(x for ind in p.indicators
                      for x in (ind.level1, ind.level2, ind.name, ind.target))))
    if not has_control(blob):
        return []
    out: list[Finding] = []
    for path, text in _project_texts(p, i):
        out.extend(_controls(path, text))
    return out


def check_declaration(decl: Declaration) -> list[Finding]:
    out: list[Finding] = list(_controls("department", decl.department))
    for k, unit in enumerate(decl.units):
        out.extend(_controls(f"units[{k}]", unit))
    for key in SIGNATURE_KEYS:
        out.extend(_controls(f"signatures.{key}", getattr(decl.signatures, key)))
    date_text = decl.signatures.date.strip()
    if date_text and any(ch.isdigit() for ch in date_text):
        parsed, problem = try_parse_date(date_text)
        if parsed is None:
            out.append(X002.at("signatures.date", problem or f"日期无效:「{date_text}」。"))
    return out
