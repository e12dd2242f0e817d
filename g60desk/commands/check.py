"""``check FILE [--json]``: print every finding of a bundle and the computed summary."""

from __future__ import annotations

import argparse
import builtins
import json
import sys
from pathlib import Path

from g60desk.commands.templates import load_all
from g60desk.domain.text import escape_controls
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.formspec import TemplateError
from g60desk.rules.checker import CheckResult, run_checks
from g60desk.rules.findings import Severity
from g60desk.rules.review import default_review


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="检查申报数据包,列出错误、警告和提示",
                       description="检查申报数据包(.json),列出全部问题。"
                                   "退出码:0 无错误,1 有错误,2 文件无法读取。")
    p.add_argument("file", type=Path, help="申报数据包文件(.json)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出(供其他程序读取)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        templates = load_all()
        default_review()  # a broken forms/review.toml is reported here, not as a traceback
        decl = read_bundle(args.file)
    except (BundleError, TemplateError) as exc:
        print(f"无法检查 {args.file}:{exc}", file=sys.stderr)
        return 2
    result = run_checks(decl, templates)
    if args.json:
        doc = {
            "findings": [f.as_dict() for f in result.findings],
            "summary": result.summary.as_dict() if result.summary else None,
            "grade": result.grades.as_dict() if result.grades else None,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _print_text(result)
    return 1 if result.errors else 0


def _print_text(result: CheckResult) -> None:
    # Names and texts come from the file: never let their control characters reach the terminal.
    def print(text: str = "") -> None:
        builtins.print(escape_controls(text, keep=""))

    for f in result.findings:
        print(f"[{f.severity.label}] {f.code} {f.path}:{f.message}")
    if result.summary:
        s = result.summary
        print()
        print(f"汇总:{s.units} 个预算单位,{s.projects} 个项目,{s.annual_label} {s.annual_total_wan} 万元。")
        if s.sentence:
            print(s.sentence)
    if result.grades:
        print()
        for pg in result.grades.projects:
            g = pg.grade
            print(f"项目{pg.index + 1}“{pg.name or '(未命名)'}”:{g.label}。{g.reason}")
        d = result.grades.declaration
        print(f"整体:{d.label}。{d.reason}")
    print()
    print(f"共 {result.errors} 个错误,{result.warnings} 个警告,"
          f"{result.count(Severity.INFO)} 个提示。")
