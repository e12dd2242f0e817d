"""``python main.py import BUNDLE``: store a bundle's declaration in the user's database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g60desk.commands.store_common import with_store
from g60desk.commands.templates import load_all
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.formspec import TemplateError
from g60desk.services.store import ImportConflict, StoreService


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="把数据包(.json)导入本机数据库",
        description="把 G60Desk 数据包导入本机数据库。已存在相同编号时默认拒绝,不会覆盖。")
    p.add_argument("bundle", metavar="数据包", type=Path, help="G60Desk 数据包文件")
    p.add_argument("--copy", action="store_true",
                   help="编号已存在时作为副本导入(使用新编号),而不是拒绝")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Refuse before opening the store: a declaration on a missing template could not be used.
    try:
        templates = load_all()
    except TemplateError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    try:
        template = read_bundle(args.bundle).template
    except BundleError as exc:
        print(f"错误:无法导入 {args.bundle}:{exc.message}", file=sys.stderr)
        return 2
    if template not in templates:
        known = "、".join(sorted(templates))
        print(f"未导入:数据包使用的模板“{template}”不存在(可用的模板:{known})。",
              file=sys.stderr)
        return 2

    def action(service: StoreService) -> int:
        try:
            result = service.import_bundle(args.bundle,
                                           on_conflict="copy" if args.copy else "refuse")
        except ImportConflict as exc:
            print(f"未导入:{exc.message}", file=sys.stderr)
            return 2
        info = result.info
        how = "作为副本(新编号)" if result.copied else ""
        print(f"已{how}导入 {info.year} 年申报“{info.department or '未填部门'}”,"
              f"{info.project_count} 个项目,申报编号 {info.id}。")
        return 0

    return with_store(action, read_only_ok=False)
