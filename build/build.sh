#!/usr/bin/env bash
# Build the Linux one-folder bundle: clean venv from the pinned requirements, tests,
# PyInstaller, zip. Usage: bash build/build.sh [--skip-tests] [--onefile]
# Result: dist/g60desk/ and dist/G60Desk-<version>-linux-<arch>.zip
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SKIP_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --skip-tests) SKIP_TESTS=1 ;;
    --onefile) export G60DESK_ONEFILE=1 ;;
    *) echo "用法 / usage: bash build/build.sh [--skip-tests] [--onefile]" >&2; exit 2 ;;
  esac
done

VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' g60desk/__init__.py)
ARCH=$(uname -m)
VENV=build/work/venv
PY=${PYTHON:-python3}

echo "== G60Desk $VERSION: clean build environment"
# build/work may hold the Debian 11 roots of build-linux-old.sh: never delete through a
# mount left there by an interrupted run (it could be the host's /dev or /proc).
if grep -qE " $(pwd)/(build/work|dist)/" /proc/mounts 2>/dev/null; then
  echo "build/work 下仍有挂载点(上次的旧 glibc 构建被中断),请先卸载:" >&2
  grep -E " $(pwd)/(build/work|dist)/" /proc/mounts | awk '{print "  umount " $2}' >&2
  exit 1
fi
rm -rf --one-file-system build/work dist
"$PY" -m venv "$VENV"
if [ "$SKIP_TESTS" = 0 ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
else
  # Without the tests only the runtime pins and PyInstaller's (from requirements-dev.txt):
  # the test tools are never frozen in, and installing them under emulation (the arm64
  # build) takes minutes.
  grep -E '^pyinstaller==' requirements-dev.txt >"$VENV/build-requirements.txt"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt \
    -r "$VENV/build-requirements.txt"
fi

if [ "$SKIP_TESTS" = 0 ]; then
  echo "== tests"
  G60DESK_VENV="$ROOT/$VENV" bash tests/run.sh -q
fi

echo "== PyInstaller"
start=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/work/pyinstaller build/g60desk.spec
echo "   (PyInstaller: $(( $(date +%s) - start )) s)"

# Some Pythons (pyenv builds) ship libpython with 18 MB of debug information: drop debug
# sections only (no full strip, which can damage Pillow's patched libraries).
while IFS= read -r -d '' lib; do
  if readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then strip --strip-debug "$lib"; fi
done < <(find dist/g60desk -type f -name '*.so*' -print0)

echo "== zip"
"$VENV/bin/python" - "$VERSION" "$ARCH" <<'PY'
import shutil, sys
from pathlib import Path
version, arch = sys.argv[1], sys.argv[2]
dist = Path("dist")
onefile = dist / "g60desk"
name = f"G60Desk-{version}-linux-{arch}"
# The archive holds one folder, G60Desk-<version>/, so unzipping never scatters files.
stage = dist / "stage" / f"G60Desk-{version}"
stage.parent.mkdir(parents=True)
if onefile.is_dir():
    shutil.copytree(onefile, stage, symlinks=True)
else:
    stage.mkdir()
    shutil.copy2(onefile, stage / "g60desk")
# A desktop entry template and the script that installs it for the user (no root needed).
for extra in sorted(Path("build/linux").glob("*")):
    shutil.copy2(extra, stage / extra.name)
archive = shutil.make_archive(str(dist / name), "zip", root_dir=stage.parent)
shutil.rmtree(dist / "stage")
print(archive)
PY
du -sh dist/g60desk
