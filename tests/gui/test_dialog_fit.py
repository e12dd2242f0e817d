"""Every dialog lays out at the largest font on the smallest screen (1024×768).

The dialogs are opened in a child process on its own 1024×768 X screen
(:mod:`tests.gui.fit_probe`), at every font size from 9 to 16: each button the dialog
shows must be viewable and lie inside the dialog and inside the screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import start_xvfb

ROOT = Path(__file__).resolve().parents[2]
SIZES = tuple(range(9, 17))  # every font size from 9 to 16


def _small_screen() -> tuple[subprocess.Popen[bytes], str]:
    started = start_xvfb("1024x768", range(160, 220))
    if started is None:
        pytest.fail("需要 Xvfb 才能在 1024×768 的屏幕上测试对话框(请安装 xvfb)。")
    return started


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    proc, display = _small_screen()
    try:
        env = {**os.environ, "DISPLAY": display,
               "G60DESK_HOME": str(tmp_path_factory.mktemp("fit") / "data")}
        done = subprocess.run([sys.executable, "-m", "tests.gui.fit_probe", *map(str, SIZES)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    finally:
        proc.terminate()
        proc.wait(10)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def test_the_probe_ran_on_a_1024x768_screen_without_callback_errors(probe: dict[str, Any]) -> None:
    assert probe["screen"] == [1024, 768]
    assert probe["callback_errors"] == []
    assert set(probe["sizes"]) == {str(s) for s in SIZES}


@pytest.mark.parametrize("size", SIZES)
def test_every_dialog_shows_its_buttons(probe: dict[str, Any], size: int) -> None:
    dialogs = probe["sizes"][str(size)]
    names = {d["dialog"] for d in dialogs}
    # Every dialog of g60desk/ui (settings once per tab, export in both modes).
    assert {"欢迎", "新建申报", "设置·单位信息", "设置·签字栏", "设置·字体", "设置·模板",
            "设置·数据", "导出 PDF", "打印", "回收站", "恢复备份", "导入指标表",
            "从指标库添加指标", "调整指标值", "检查结果汇总", "确认对话框"} == names
    screen = [0, 0, 1024, 768]
    problems = []
    for d in dialogs:
        assert d["viewable"], d["dialog"]
        assert _inside(d["rect"], screen), (d["dialog"], d["rect"])
        assert d["buttons"], d["dialog"]
        for b in d["buttons"]:
            if not (b["viewable"] and _inside(b["rect"], d["rect"])
                    and _inside(b["rect"], screen)):
                problems.append((d["dialog"], b["text"], b["rect"], d["rect"]))
    assert not problems, problems
