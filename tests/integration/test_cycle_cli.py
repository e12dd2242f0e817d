"""``score``, ``monitor`` and ``check`` on a bundle carrying the year's data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from g60desk.exchange.bundle import write_bundle
from tests.cycle_samples import full_year
from tests.factories import ROOT, SAMPLE


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def _bundle(tmp_path: Path) -> Path:
    path = tmp_path / "year.json"
    write_bundle(full_year(), path)
    return path


def test_score_json_matches_the_published_example(tmp_path: Path) -> None:
    proc = _cli("score", str(_bundle(tmp_path)), "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first, second, *_ = json.loads(proc.stdout)["projects"]
    assert set(first) == {"id", "name", "execution_rate", "execution_score", "indicators",
                          "total", "grade"}
    assert first["id"] == "sj2022-p1"
    assert first["execution_rate"] == "86.18" and first["execution_score"] == "8.62"
    scores = {x["path"]: x for x in first["indicators"]}
    assert scores["projects[0].indicators[9]"] == {"path": "projects[0].indicators[9]",
                                                   "weight": "10.00", "score": "2.50"}
    assert scores["projects[0].indicators[1]"]["weight"] == "6.00"
    total = sum(float(x["score"]) for x in first["indicators"]) + 8.62
    assert first["total"] == f"{total:.2f}" == "91.12" and first["grade"] == "优"
    # a project with no self-evaluation yet scores nothing and grades 差
    assert second["execution_rate"] is None and second["total"] == "0.00"
    assert second["grade"] == "差"
    assert all(x["score"] is None for x in second["indicators"])


def test_score_text(tmp_path: Path) -> None:
    proc = _cli("score", str(_bundle(tmp_path)), home=tmp_path)
    assert proc.returncode == 0
    assert "预算执行率 86.18%,得分 8.62" in proc.stdout
    assert "总分 91.12,等级 优" in proc.stdout


def test_monitor_json_and_text(tmp_path: Path) -> None:
    path = _bundle(tmp_path)
    proc = _cli("monitor", str(path), "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["projects"]
    assert rows[0] == {"id": "sj2022-p1", "month": 6, "pace": "80.00", "light": "green"}
    assert rows[1]["light"] is None and rows[1]["pace"] is None
    text = _cli("monitor", str(path), home=tmp_path).stdout
    assert "执行进度 80.00,绿灯" in text


def test_check_lists_cycle_findings_only_when_data_is_present(tmp_path: Path) -> None:
    plain = json.loads(_cli("check", str(SAMPLE), "--json", home=tmp_path).stdout)
    assert not [f for f in plain["findings"] if f["code"][0] in "MSA"]
    doc = json.loads(_cli("check", str(_bundle(tmp_path)), "--json", home=tmp_path).stdout)
    assert [f["code"] for f in doc["findings"] if f["code"][0] in "MSA"] == ["S004"]


def test_unreadable_file_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    for command in ("score", "monitor"):
        proc = _cli(command, str(bad), home=tmp_path)
        assert proc.returncode == 2 and "无法读取" in proc.stderr and "Traceback" not in proc.stderr


def test_selfcheck_names_a_broken_sheet(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "district.toml").write_text(
        '[sheet]\nid = "district"\nkind = "evaluation"\n', encoding="utf-8")
    proc = _cli("selfcheck", home=tmp_path)
    assert "[失败] 监控表和自评表" in proc.stdout and "district.toml" in proc.stdout
