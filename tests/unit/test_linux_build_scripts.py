"""build/build-linux-old.sh and build/build-linux-arm64.sh: usage and the stamps of their inputs.

The roots and CPython builds are reused only while the stamp hashed from their pinned inputs
matches; the scripts print those stamps with ``--print-stamps`` (no root needed, nothing built).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "build" / "build-linux-old.sh"
ARM64 = ROOT / "build" / "build-linux-arm64.sh"


def run(script: Path, *args: str, mirror: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "G60DESK_DEBIAN_MIRROR"}
    if mirror is not None:
        env["G60DESK_DEBIAN_MIRROR"] = mirror
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                          timeout=60, check=False, env=env)


def stamps(script: Path, *args: str, mirror: str | None = None) -> dict[str, str]:
    result = run(script, *args, "--print-stamps", mirror=mirror)
    assert result.returncode == 0, result.stderr
    pairs = dict(line.split(" ") for line in result.stdout.splitlines())
    for name, value in pairs.items():
        assert re.fullmatch(r"[0-9a-f]{16}", value), (name, value)
    return pairs


def test_arm64_stamps_cover_every_stage_and_are_stable() -> None:
    first = stamps(ARM64)
    assert list(first) == ["amd64-root", "amd64-python", "arm64-root", "cross-root", "arm64-python"]
    assert len(set(first.values())) == 5
    assert stamps(ARM64) == first


def test_the_arm64_build_shares_the_x86_64_root_and_its_python() -> None:
    # The build Python of the cross-build is the x86-64 root's CPython: the same stamps, so
    # either script reuses the root the other made.
    x86 = stamps(OLD, "--arch", "x86_64")
    arm = stamps(ARM64)
    assert x86 == {"amd64-root": arm["amd64-root"], "amd64-python": arm["amd64-python"]}


def test_another_mirror_invalidates_every_stamp() -> None:
    default = stamps(ARM64)
    other = stamps(ARM64, mirror="http://mirror.example/debian")
    assert all(default[name] != other[name] for name in default)


def test_old_script_hands_aarch64_to_the_arm64_script_on_x86_64() -> None:
    old = stamps(OLD, "--arch", "aarch64")
    if platform.machine() == "x86_64":
        assert old == stamps(ARM64)
    else:  # an arm64 host builds natively in its own root
        assert list(old) == ["arm64-root", "arm64-python"]


def test_unknown_options_are_usage_errors() -> None:
    for script in (OLD, ARM64):
        result = run(script, "--frobnicate")
        assert result.returncode == 2
        assert "usage" in result.stderr
    bad_arch = run(OLD, "--arch", "sparc")
    assert bad_arch.returncode == 2
    assert "unknown --arch" in bad_arch.stderr
