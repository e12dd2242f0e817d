"""Run the benchmarks of this tree and of a baseline checkout side by side, in one run.

    .venv/bin/python bench/compare.py BASELINE_DIR [--rounds 3]

``BASELINE_DIR`` is another checkout of the project (e.g. ``git worktree add /tmp/base
v0.1.0``); both run with this interpreter, alternating round by round so that machine
load falls on both alike. Each tree runs its own ``bench/`` scripts (the model changed
between releases), and the key figures are printed in one table:

* ``run_checks`` on 1000 projects (best of the round), ``bench/bench_check.py``;
* ``check_project`` on one project, the editor's keystroke path (median);
* the findings refresh after a keystroke in the window, 80 indicators (median),
  ``bench/bench_gui.py`` (needs a display: run under ``xvfb-run``);
* the whole ``main.py pdf`` process on the sample (best), ``bench/pdf_bench.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (name, script, arguments, regex of the figure, unit)
FIGURES = (
    ("check 1000 projects", "bench_check.py", ["--repeat", "3"],
     r"run_checks, whole declaration: first run [\d.]+ s; best ([\d.]+) s", "s"),
    ("keystroke check_project", "bench_check.py", ["--repeat", "3"],
     r"check_project, one project \(editor keystroke\): median ([\d.]+) ms", "ms"),
    ("findings refresh (window)", "bench_gui.py", ["--runs", "3", "--rounds", "20"],
     r"findings refresh after a keystroke, 80 indicators \(\d+ findings\): median ([\d.]+) ms",
     "ms"),
    ("pdf of the sample (process)", "pdf_bench.py", ["--runs", "3", "--projects", "0"],
     r"sample[^:\n]*: best ([\d.]+) s", "s"),
)


def run(tree: Path, script: str, args: list[str], home: Path) -> str:
    env = {**os.environ, "G60DESK_HOME": str(home), "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, str(tree / "bench" / script), *args], cwd=tree,
                          capture_output=True, text=True, env=env, timeout=900)
    return proc.stdout + proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("baseline", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this": ROOT}
    results: dict[tuple[str, str], list[float]] = {}
    home = Path(os.environ.get("TMPDIR", "/tmp")) / "g60desk-bench-home"
    for _ in range(args.rounds):
        outputs: dict[tuple[str, str], str] = {}
        for label, tree in trees.items():
            for name, script, extra, _pattern, _unit in FIGURES:
                key = (label, script)
                if key not in outputs:
                    outputs[key] = run(tree, script, extra, home / label)
                m = re.search(_pattern, outputs[key])
                if m:
                    results.setdefault((name, label), []).append(float(m.group(1)))
    print(f"{'figure':32} {'baseline':>12} {'this tree':>12} {'change':>8}")
    for name, *_rest, unit in FIGURES:
        base, this = results.get((name, "baseline")), results.get((name, "this"))
        if not base or not this:
            print(f"{name:32} {'n/a':>12} {'n/a':>12}")
            continue
        b, t = statistics.median(base), statistics.median(this)
        print(f"{name:32} {b:>9.3f} {unit:2} {t:>9.3f} {unit:2} {100 * (t - b) / b:>+7.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
