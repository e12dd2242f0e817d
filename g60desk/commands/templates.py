"""Templates for the command line: the program's and the data folder's ``forms/``, with a
Chinese warning on stderr for each file that was skipped; and ``template check FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g60desk import paths
from g60desk.formspec import Template, TemplateError, load_template, load_template_dirs


def load_all(warn: bool = True) -> dict[str, Template]:
    """Every usable template by id; raise :class:`TemplateError` when there is none."""
    found = load_template_dirs(*paths.template_dirs())
    if warn:
        for problem in found.problems:
            print(f"警告:模板文件有问题,已跳过:{problem}", file=sys.stderr)
    if not found.templates:
        raise TemplateError("没有可用的模板(程序的 forms 文件夹和数据文件夹的 forms 中都没有)。")
    return found.templates


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "template", help="检查模板文件(.toml)",
        description="检查一个模板文件能否使用;有问题时逐条列出,并给出行号。"
                    "退出码:0 可用,2 有问题。")
    inner = p.add_subparsers(dest="template_command", required=True, metavar="check")
    c = inner.add_parser("check", help="检查一个模板文件", description="检查一个模板文件。")
    c.add_argument("file", type=Path, help="模板文件(.toml)")
    c.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    try:
        tpl = load_template(args.file)
    except TemplateError as exc:
        print(exc)  # the problem, with the file and its line
        return 2
    sides = "、".join(s.label for s in tpl.shape.sides)
    print(f"模板可用:{tpl.id}({tpl.name});{len(tpl.fields)} 个字段,"
          f"{len(tpl.shape.funding_rows)} 个资金行(单位 {tpl.amount_unit}),"
          f"{len(tpl.goals)} 个目标栏,指标栏:{sides},{len(tpl.sections)} 个说明部分。")
    return 0
