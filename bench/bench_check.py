"""Time the checker on a generated 1000-project declaration.

Usage: ``.venv/bin/python bench/bench_check.py [--projects N] [--repeat R] [--write FILE]``

The declaration is built from the Songjiang sample's four projects (long goals, 5–12
indicators each), copied with new ids, names and amounts, and with a mistake of the
kind the rules look for put into every third project, so every rule set does real
work. Prints the figures that go into docs/performance.md (## Checker).
"""

from __future__ import annotations

import argparse
import copy
import platform
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from g60desk import paths  # noqa: E402
from g60desk.domain.model import Declaration, Indicator, Project  # noqa: E402
from g60desk.exchange.bundle import read_bundle, write_bundle  # noqa: E402
from g60desk.formspec import load_templates  # noqa: E402
from g60desk.rules import review  # noqa: E402
from g60desk.rules.checker import check_project, run_checks  # noqa: E402

MISTAKES = (
    lambda p: p.sections.__setitem__("budget", "2022年度预算安排999.00万元。"),
    lambda p: p.sections.__setitem__("overview", p.section("overview")
                                     + "（绩效目标管理工作情况，以及编报绩效目标的项目数量、单位数量、预算金额等）"),
    lambda p: p.goals.__setitem__("annual_goal", p.goal("annual_goal")
                                  + "另举办 2 场专题培训,XX月底前完成。"),
    lambda p: p.indicators.append(Indicator("效益指标", "社会效益指标", "群众满意度", "明显提高")),
    lambda p: p.funding.set("total", (p.funding.get("total") or Decimal(0)) + Decimal("10000.00")),
    lambda p: p.sections.__setitem__("period", "2022年1月1日—2022年6月30日"),
)


def build(n: int) -> Declaration:
    sample = read_bundle(paths.sample_bundle())
    base = sample.projects
    projects: list[Project] = []
    for k in range(n):
        p = copy.deepcopy(base[k % len(base)])
        p.id = f"bench{k:05d}"
        p.name = f"{p.name}({k + 1})"
        bump = Decimal(k * 100)
        for key in ("total", "total_fiscal", "annual", "annual_appropriation"):
            value = p.funding.get(key)
            p.funding.set(key, None if value is None else value + bump)
        if k % 3 == 0:
            MISTAKES[(k // 3) % len(MISTAKES)](p)
        projects.append(p)
    return Declaration(year=sample.year, template=sample.template, department=sample.department,
                       units=list(sample.units), signatures=sample.signatures, projects=projects)


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", type=Path, metavar="FILE",
                    help="also write the generated declaration as a bundle (to time `main.py check FILE`)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    review.default_review()
    load_review_ms = (time.perf_counter() - t0) * 1000
    templates = load_templates(paths.forms_dir())
    decl = build(args.projects)
    if args.write:
        write_bundle(decl, args.write)
    indicators = sum(len(p.indicators) for p in decl.projects)
    chars = sum(sum(map(len, p.goals.values())) + sum(map(len, p.sections.values()))
                for p in decl.projects)

    t0 = time.perf_counter()
    result = run_checks(decl, templates)
    cold = time.perf_counter() - t0
    runs = _timed(lambda: run_checks(decl, templates), args.repeat)

    template = templates[decl.template]
    one: list[float] = []
    for i in range(min(len(decl.projects), 400)):
        t = time.perf_counter()
        check_project(decl, i, template)
        one.append(time.perf_counter() - t)
    review_only = _timed(lambda: [review.check_project(p, i, decl, template)
                                  for i, p in enumerate(decl.projects)], args.repeat)

    assert result.grades is not None
    print(f"Python {platform.python_version()} on {platform.platform()}")
    print(f"declaration: {len(decl.projects)} projects, {indicators} indicators, "
          f"{chars / 1e6:.1f} M characters of goal and section text")
    print(f"findings: {len(result.findings)} ({result.errors} errors, {result.warnings} warnings); "
          f"grade {result.grades.declaration.label}")
    print(f"load forms/review.toml (once per process): {load_review_ms:.1f} ms")
    print(f"run_checks, whole declaration: first run {cold:.3f} s; best {min(runs):.3f} s, "
          f"median {statistics.median(runs):.3f} s (of {args.repeat})")
    print(f"  of which review rules (R): best {min(review_only):.3f} s")
    print(f"check_project, one project (editor keystroke): median {statistics.median(one) * 1000:.2f} ms, "
          f"max {max(one) * 1000:.2f} ms")
    limit = 2.0 * args.projects / 1000
    ok = max(cold, statistics.median(runs)) < limit
    print(f"target < {limit:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
