"""Time the year's rules on a generated 1000-project declaration with evaluation data.

Usage: ``.venv/bin/python bench/bench_cycle.py [--projects N] [--repeat R] [--write FILE]``

The declaration is bench_check's (the Songjiang sample's projects copied, every third
with a mistake), approved, and every project monitored and self-evaluated: an actual
for each indicator (some below target, some 定性 needing a clerk's score, some in the
wrong unit), the money block, likelihoods and causes. It times ``run_checks`` (every
rule set, now with M/S/A), scoring every project and the monitoring pace of every
project. Prints the figures that go into docs/performance.md (## The year's rules).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_check import _timed, build  # noqa: E402
from g60desk import paths  # noqa: E402
from g60desk.domain.approval import approve  # noqa: E402
from g60desk.domain.cycle import Cause, Evaluation, Monitoring  # noqa: E402
from g60desk.domain.model import Declaration  # noqa: E402
from g60desk.domain.scoring import project_pace, project_score  # noqa: E402
from g60desk.exchange.bundle import write_bundle  # noqa: E402
from g60desk.formspec import load_templates  # noqa: E402
from g60desk.formspec.sheets import scoring_for  # noqa: E402
from g60desk.rules.checker import run_checks  # noqa: E402


def with_year(decl: Declaration) -> Declaration:
    approve(decl, f"{decl.year}-03-15")
    for k, p in enumerate(decl.projects):
        annual = p.funding.get("annual") or Decimal(100000)
        p.monitoring = Monitoring(6, annual, annual * Decimal("0.3") if k % 2 else annual / 2,
                                  annual, Cause("经费", "采购延后") if k % 4 else Cause(), "")
        p.evaluation = Evaluation(annual, annual, annual * Decimal("0.9"), None, "已完成")
        for j, ind in enumerate(p.indicators):
            ind.progress.current = "推进中"
            ind.progress.likelihood = ("确定能", "有可能", "完全不可能")[(j + k) % 3]
            t = ind.parsed
            if t.is_quantitative and t.number is not None:
                scale = Decimal("0.8") if (j + k) % 5 == 0 else Decimal(1)
                unit = "个" if (j + k) % 17 == 0 else t.unit
                ind.result.actual = f"{t.number * scale}{unit}"
            else:
                ind.result.actual = ind.target if (j + k) % 4 else "基本完成"
            if (j + k) % 7 == 0:
                ind.result.deviation = "部分工作延后。"
    return decl


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", type=Path, metavar="FILE", help="also write the bundle")
    args = ap.parse_args()
    templates = load_templates(paths.forms_dir())
    decl = with_year(build(args.projects))
    if args.write:
        write_bundle(decl, args.write)
    template = templates[decl.template]
    settings = scoring_for(decl.template)

    t0 = time.perf_counter()
    result = run_checks(decl, templates)
    cold = time.perf_counter() - t0
    runs = _timed(lambda: run_checks(decl, templates), args.repeat)
    scores = _timed(lambda: [project_score(p, template.shape, settings)
                             for p in decl.projects], args.repeat)
    paces = _timed(lambda: [project_pace(p, template.shape) for p in decl.projects],
                   args.repeat)
    cycle = [f for f in result.findings if f.code[0] in "MSA"]
    print(f"Python {platform.python_version()} on {platform.platform()}")
    print(f"declaration: {len(decl.projects)} projects, "
          f"{sum(len(p.indicators) for p in decl.projects)} indicators, all with year data")
    print(f"findings: {len(result.findings)}, of which {len(cycle)} M/S/A")
    print(f"run_checks with the year's rules: first run {cold:.3f} s; best {min(runs):.3f} s, "
          f"median {statistics.median(runs):.3f} s (of {args.repeat})")
    print(f"score every project: best {min(scores) * 1000:.1f} ms, "
          f"median {statistics.median(scores) * 1000:.1f} ms")
    print(f"pace of every project: best {min(paces) * 1000:.1f} ms")
    limit = 2.0 * args.projects / 1000
    ok = max(cold, statistics.median(runs)) < limit
    print(f"target < {limit:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
