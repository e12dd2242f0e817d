"""``score FILE [--json]`` and ``monitor FILE [--json]``: the year's figures of a bundle.

``score`` prints each project's 执行率, its score, each indicator's 分值 and 得分, the
总分 and the grade (优/良/中/差), by the rules of docs/cycle.md. ``monitor`` prints
each project's spending pace and light. Findings about the same data come from
``check``. Exit 0, or 2 when the file or its template cannot be used.
"""

from __future__ import annotations

import argparse
import builtins
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from g60desk.commands.templates import load_all
from g60desk.domain.model import Declaration, Project
from g60desk.domain.scoring import LIGHT_LABELS, percent
from g60desk.domain.text import escape_controls
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.formspec import Template, TemplateError
from g60desk.rules.cycle import monitoring_pace, project_score


def register(sub: Any) -> None:
    s = sub.add_parser("score", help="计算绩效自评得分和等级",
                       description="按自评表规则计算每个项目的预算执行率得分、各指标得分、"
                                   "总分和等级(优/良/中/差)。退出码:0 成功,2 文件无法读取。")
    s.add_argument("file", type=Path, help="申报数据包文件(.json)")
    s.add_argument("--json", action="store_true", help="以 JSON 输出(供其他程序读取)")
    s.set_defaults(func=run_score)
    m = sub.add_parser("monitor", help="计算绩效运行监控的执行进度和进度灯",
                       description="计算每个项目1-X月的执行进度(执行率 ÷ X/12)和进度灯"
                                   "(绿/黄/红)。退出码:0 成功,2 文件无法读取。")
    m.add_argument("file", type=Path, help="申报数据包文件(.json)")
    m.add_argument("--json", action="store_true", help="以 JSON 输出(供其他程序读取)")
    m.set_defaults(func=run_monitor)


def load(file: Path) -> tuple[Declaration, Template] | None:
    """The bundle and its template; a Chinese message on stderr and None otherwise."""
    try:
        templates = load_all()
        decl = read_bundle(file)
    except (BundleError, TemplateError) as exc:
        print(f"无法读取 {file}:{exc}", file=sys.stderr)
        return None
    template = templates.get(decl.template)
    if template is None:
        known = "、".join(sorted(templates))
        print(f"数据包使用的模板“{decl.template}”不存在(可用的模板:{known})。", file=sys.stderr)
        return None
    return decl, template


def two(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _out(text: str) -> None:
    builtins.print(escape_controls(text, keep=""))


Row = tuple[dict[str, Any], list[str]]


def _report(args: argparse.Namespace,
            row: Callable[[int, Project, Declaration, Template], Row]) -> int:
    """Each project's JSON object and text lines; print one or the other."""
    loaded = load(args.file)
    if loaded is None:
        return 2
    decl, template = loaded
    rows: list[dict[str, Any]] = []
    for i, p in enumerate(decl.projects):
        doc, lines = row(i, p, decl, template)
        rows.append(doc)
        if not args.json:
            for line in lines:
                _out(line)
    if args.json:
        print(json.dumps({"projects": rows}, ensure_ascii=False, indent=2))
    return 0


def _score_row(i: int, p: Project, decl: Declaration, template: Template) -> Row:
    s = project_score(p, decl, template)
    doc = {"id": p.id, "name": p.name, "execution_rate": two(percent(s.execution_rate)),
           "execution_score": two(s.execution_score),
           "indicators": [{"path": f"projects[{i}].indicators[{x.index}]",
                           "weight": two(x.weight), "score": two(x.score)}
                          for x in s.indicators],
           "total": two(s.total), "grade": s.grade}
    rate = f"{two(percent(s.execution_rate))}%" if s.execution_rate is not None else "—"
    lines = [f"项目{i + 1}“{p.name or '(未命名)'}”:预算执行率 {rate},"
             f"得分 {two(s.execution_score)}(分值 {two(s.execution_weight)})"]
    for x in s.indicators:
        score = two(x.score) if x.score is not None else "未计分"
        lines.append(f"  {p.indicators[x.index].path_label}:分值 {two(x.weight)},得分 {score}")
    lines.append(f"  总分 {two(s.total)},等级 {s.grade}")
    return doc, lines


def _monitor_row(i: int, p: Project, _decl: Declaration, template: Template) -> Row:
    pace = monitoring_pace(p, template)
    doc = {"id": p.id, "month": pace.month, "pace": two(pace.pace), "light": pace.light}
    if pace.pace is None:
        shown = "无法计算(缺少执行数或预算数)"
    else:
        shown = f"{two(pace.pace)},{LIGHT_LABELS[pace.light or 'red']}"
    return doc, [f"项目{i + 1}“{p.name or '(未命名)'}”:1-{pace.month}月执行率 "
                 f"{two(percent(pace.rate)) or '—'}%,执行进度 {shown}"]


def run_score(args: argparse.Namespace) -> int:
    return _report(args, _score_row)


def run_monitor(args: argparse.Namespace) -> int:
    return _report(args, _monitor_row)
