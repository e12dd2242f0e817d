"""Kill a saving process at random moments and check what is left on disk.

A forked child opens the database and saves state k, k+1, k+2 … in a loop,
telling the parent on a pipe ``B k`` before and ``E k`` after each save. The
parent SIGKILLs it after a random delay, then checks the file holds exactly
the last completed state or the one being written — whole, field for field.
Every other state is smaller than the one before, so an in-place writer that
truncates after writing is caught with old bytes left behind.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from g60desk.domain.model import Declaration, Indicator
from tests.factories import legacy_project, money

DECL_ID = "killtest0001"


def state(k: int) -> Declaration:
    """The k-th saved state: its size alternates, every field depends on k."""
    count = 24 if k % 2 == 0 else 8
    projects = []
    for n in range(count):
        amount = Decimal(1000 * k + n) + Decimal("0.50")
        projects.append(legacy_project(
            id=f"k{n:03d}", unit=f"单位{n % 3}", name=f"状态{k}项目{n}",
            start=date(2022, 1, 1), end=date(2022, 12, 31),
            funding=money(total=amount, total_fiscal=amount, annual=amount),
            overall_goal=f"第{k}次保存的总目标。" * 5,
            indicators=[Indicator("产出指标", "数量指标", f"指标{j}", f"={k}.{j}个")
                        for j in range(20)]))
    return Declaration(year=2022, template="shanghai-2022", department=f"部门{k}",
                       projects=projects, id=DECL_ID)


@dataclass
class KillStats:
    kills: int = 0
    mid_save: int = 0          # kills that landed between "B k" and "E k"
    corrupt: int = 0           # the file could not be read, or held a wrong state
    problems: list[str] = field(default_factory=list)


def _child(write_fd: int, saver: Callable[[Callable[[str], None]], None]) -> None:
    def say(msg: str) -> None:
        os.write(write_fd, (msg + "\n").encode())
    try:
        saver(say)
    finally:
        os._exit(0)


def _read_all(fd: int) -> list[str]:
    chunks = []
    while True:
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode().split()


def run(kills: int, saver: Callable[[Callable[[str], None]], None],
        read_state: Callable[[], int | str], *, seed: int = 20260128,
        max_delay: float = 0.05, repair: Callable[[int], None] | None = None,
        state_of: Callable[[int], int] = lambda label: label,
        until: Callable[[KillStats], bool] = lambda stats: True) -> KillStats:
    """Fork ``kills`` savers and SIGKILL each after a random delay.

    Kills land at random moments, so what a test needs to have happened (enough kills
    inside a save on a loaded machine; a broken file for the reference run) may take
    more: it goes on, up to five times ``kills``, until ``until(stats)`` holds.

    ``read_state()`` opens what is on disk and returns the state number it
    holds (after checking it field for field against :func:`state`), or a
    description of what is wrong. It must be the last completed state or the
    one in flight. ``repair(k)`` rewrites a clean state k after a failure.
    ``state_of(label)`` maps the saver's increasing labels to the state each one
    writes, for savers that write the same states again (restoring backups).
    """
    rng = random.Random(seed)
    stats = KillStats()
    baseline = 0
    while stats.kills < kills or (not until(stats) and stats.kills < 5 * kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            _child(write_fd, saver)
        os.close(write_fd)
        time.sleep(rng.uniform(0.002, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        words = _read_all(read_fd)
        os.close(read_fd)
        stats.kills += 1
        begun = [int(w[1:]) for w in words if w.startswith("B")]
        ended = [int(w[1:]) for w in words if w.startswith("E")]
        last_done = ended[-1] if ended else baseline
        in_flight = begun[-1] if begun and (not ended or begun[-1] > ended[-1]) else None
        if in_flight is not None:
            stats.mid_save += 1
        got = read_state()
        match = next((label for label in (last_done, in_flight)
                      if label is not None and state_of(label) == got), None)
        if isinstance(got, int) and match is not None:
            baseline = match
            continue
        stats.corrupt += 1
        stats.problems.append(
            f"kill {stats.kills}: expected state {last_done} or {in_flight}, found {got}")
        if repair is not None:
            repair(last_done)
        baseline = last_done
    return stats
