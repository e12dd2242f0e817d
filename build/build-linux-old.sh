#!/usr/bin/env bash
# Build the Linux one-folder bundle on an old glibc: inside a Debian 11 (bullseye, glibc
# 2.31) root made with debootstrap, with CPython 3.11 built from source there (shared
# libpython, Tk), then the project's own build/build.sh with that Python.
#
#   bash build/build-linux-old.sh [--arch x86_64|aarch64] [--no-smoke | --smoke-only]
#
# Result: dist/linux-<arch>/g60desk/ and dist/G60Desk-<version>-linux-<arch>.zip, whose
# highest GLIBC symbol version is checked by build/glibc-floor.sh (the build fails above
# 2.31), then build/smoke.sh runs on the bundle inside the same root. --smoke-only checks
# and smoke-tests the bundle already in dist/linux-<arch>/ without building.
#
# Idempotent: the root (build/work/bullseye-<arch>/) and the CPython built in it are reused
# when their pinned inputs (suite, mirror, package list, CPython tarball and flags) match.
# aarch64 on an x86-64 host runs under qemu-user-static (binfmt); the CPython build then
# takes about an hour, once. Runs as root (debootstrap, chroot, mounts).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)

ARCH=$(uname -m)
SMOKE=1
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) ARCH=${2:-}; shift 2 ;;
    --arch=*) ARCH=${1#--arch=}; shift ;;
    --no-smoke) SMOKE=0; shift ;;
    --smoke-only) BUILD=0; shift ;;
    *) echo "用法 / usage: bash build/build-linux-old.sh [--arch x86_64|aarch64] [--no-smoke | --smoke-only]" >&2
       exit 2 ;;
  esac
done
case "$ARCH" in
  x86_64) DEB_ARCH=amd64 ;;
  aarch64) DEB_ARCH=arm64 ;;
  *) echo "unknown --arch $ARCH (x86_64 or aarch64)" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "build-linux-old.sh needs root (debootstrap, chroot, mount)" >&2; exit 2; }

# ---- pinned inputs ---------------------------------------------------------------------
SUITE=bullseye
GLIBC_MAX=2.31
MIRROR=${G60DESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# CPython 3.11.2: Debian bookworm's pristine upstream tarball (pool/main/p/python3.11).
PY_VERSION=3.11.2
PY_TARBALL=python3.11_${PY_VERSION}.orig.tar.gz
PY_URL=$MIRROR/pool/main/p/python3.11/$PY_TARBALL
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_PREFIX=/opt/python3.11
# Tk by explicit flags: bullseye's tk8.6.pc requires a tcl.pc that only tcl-dev ships.
PY_CONFIGURE="--prefix=$PY_PREFIX --enable-shared --with-ensurepip=install LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib
  TCLTK_CFLAGS=-I/usr/include/tcl8.6 'TCLTK_LIBS=-ltk8.6 -ltcl8.6'"
# Build tools and CPython's build dependencies (all from bullseye), and what smoke.sh uses.
# No CJK font on purpose: the window must fall back to the bundled one.
PACKAGES="build-essential pkg-config binutils ca-certificates xz-utils
  tk8.6-dev tcl8.6-dev libssl-dev libffi-dev zlib1g-dev liblzma-dev libbz2-dev
  libsqlite3-dev uuid-dev libreadline-dev libncurses-dev libgdbm-dev libexpat1-dev
  xvfb xdotool x11-utils locales poppler-utils"

WORK=$SRC/build/work
R=$WORK/$SUITE-$DEB_ARCH
CACHE=$WORK/cache
ROOT_STAMP_WANT=$(printf '%s\n' "$SUITE" "$DEB_ARCH" "$MIRROR" $PACKAGES | sha256sum | cut -c1-16)
PY_STAMP_WANT=$(printf '%s\n' "$ROOT_STAMP_WANT" "$PY_SHA256" "$PY_CONFIGURE" | sha256sum | cut -c1-16)
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' g60desk/__init__.py)
OUT=$SRC/dist/linux-$ARCH
ZIP=G60Desk-$VERSION-linux-$ARCH.zip

stage_start=0
stage() { stage_start=$(date +%s); echo "== $*"; }
stage_done() { echo "   ($1: $(( $(date +%s) - stage_start )) s)"; }

# ---- mounts (always undone on exit) ----------------------------------------------------
MOUNTED=()
mount_root() {
  mkdir -p "$R/proc" "$R/dev" "$R/tmp"
  mount -t proc proc "$R/proc"; MOUNTED+=("$R/proc")
  mount --bind /dev "$R/dev"; MOUNTED+=("$R/dev")
  if [ -d /dev/pts ]; then mount --bind /dev/pts "$R/dev/pts"; MOUNTED+=("$R/dev/pts"); fi
  mount -t tmpfs tmpfs "$R/tmp"; MOUNTED+=("$R/tmp")
  mkdir -p /tmp/.X11-unix "$R/tmp/.X11-unix"
  mount --bind /tmp/.X11-unix "$R/tmp/.X11-unix"; MOUNTED+=("$R/tmp/.X11-unix")
}
umount_root() {
  local i
  for (( i=${#MOUNTED[@]}-1; i>=0; i-- )); do
    umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap umount_root EXIT
in_root() { chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  LANG=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 bash -c "$1"; }
no_mounts_left() { ! grep -q " $R/" /proc/mounts; }

if [ "$DEB_ARCH" != "$(dpkg --print-architecture)" ]; then
  # Foreign root: qemu-user-static through binfmt_misc (flag F: nothing copied into the root).
  [ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
  [ -e "/proc/sys/fs/binfmt_misc/qemu-$ARCH" ] || update-binfmts --enable "qemu-$ARCH" \
    || { echo "qemu-$ARCH binfmt missing: apt-get install qemu-user-static binfmt-support" >&2; exit 1; }
fi

# ---- 1. the Debian 11 root -------------------------------------------------------------
T0=$(date +%s)
if [ "$(cat "$R/.g60desk-root" 2>/dev/null)" != "$ROOT_STAMP_WANT" ]; then
  stage "Debian $SUITE $DEB_ARCH root (debootstrap minbase) in $R"
  command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install debootstrap" >&2; exit 1; }
  no_mounts_left || { echo "something is still mounted under $R; unmount it first" >&2; exit 1; }
  rm -rf "$R"
  debootstrap --arch="$DEB_ARCH" --variant=minbase "$SUITE" "$R" "$MIRROR" >"$WORK/debootstrap-$DEB_ARCH.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap-$DEB_ARCH.log"; exit 1; }
  printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$R/etc/apt/sources.list"
  mount_root
  in_root "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(echo $PACKAGES)" \
    >"$WORK/apt-$DEB_ARCH.log" 2>&1 || { tail -30 "$WORK/apt-$DEB_ARCH.log"; exit 1; }
  in_root "apt-get clean"
  umount_root
  echo "$ROOT_STAMP_WANT" >"$R/.g60desk-root"
  stage_done "root"
else
  echo "== Debian $SUITE $DEB_ARCH root: reused ($R)"
fi
# pip inside the root reaches the same package index as the host: its CA certificates,
# pip configuration and name server (refreshed on every run; nothing else is copied).
# update-ca-certificates is slow under emulation: only when the host's certificates changed.
if [ -d /usr/local/share/ca-certificates ] && ! diff -rq /usr/local/share/ca-certificates \
    "$R/usr/local/share/ca-certificates" >/dev/null 2>&1; then
  cp -a /usr/local/share/ca-certificates/. "$R/usr/local/share/ca-certificates/"
  in_root "update-ca-certificates >/dev/null 2>&1 || true"
fi
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$R/etc/pip.conf"
cp -L /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
T_ROOT=$(( $(date +%s) - T0 ))

# ---- 2. CPython 3.11 with Tk and a shared libpython ------------------------------------
T0=$(date +%s)
if [ "$(cat "$R$PY_PREFIX/.g60desk-python" 2>/dev/null)" != "$PY_STAMP_WANT" ]; then
  stage "CPython $PY_VERSION in the root ($PY_PREFIX)"
  mkdir -p "$CACHE"
  if ! echo "$PY_SHA256  $CACHE/$PY_TARBALL" | sha256sum -c --quiet 2>/dev/null; then
    curl -fsSL -o "$CACHE/$PY_TARBALL.part" "$PY_URL"
    mv "$CACHE/$PY_TARBALL.part" "$CACHE/$PY_TARBALL"
    echo "$PY_SHA256  $CACHE/$PY_TARBALL" | sha256sum -c --quiet
  fi
  rm -rf "$R/build/cpython" "$R$PY_PREFIX"
  mkdir -p "$R/build/cpython"
  tar -xzf "$CACHE/$PY_TARBALL" -C "$R/build/cpython" --strip-components=1
  mount_root
  in_root "cd /build/cpython && ./configure $(echo $PY_CONFIGURE) && make -j$(nproc) && make install" \
    >"$WORK/cpython-$DEB_ARCH.log" 2>&1 || { tail -40 "$WORK/cpython-$DEB_ARCH.log"; exit 1; }
  # Every module the program or the build needs must have been built.
  in_root "$PY_PREFIX/bin/python3.11 -c 'import tkinter, ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid, _decimal; print(\"tk\", tkinter.TkVersion)'"
  umount_root
  rm -rf "$R/build/cpython"
  echo "$PY_STAMP_WANT" >"$R$PY_PREFIX/.g60desk-python"
  stage_done "CPython"
else
  echo "== CPython $PY_VERSION: reused ($R$PY_PREFIX)"
fi
T_PY=$(( $(date +%s) - T0 ))

# ---- 3. the bundle: the project's own build.sh with that Python ------------------------
T0=$(date +%s)
T_BUNDLE=0
if [ "$BUILD" = 1 ]; then
stage "bundle: build/build.sh --skip-tests with CPython $PY_VERSION (glibc $(in_root 'ldd --version | head -1 | grep -o "[0-9.]*$"'))"
# A copy of the checkout (build.sh starts by removing build/work, which holds this root).
rm -rf "$R/build/src"
mkdir -p "$R/build/src"
tar -C "$SRC" --exclude=./build/work --exclude=./dist --exclude=./.venv --exclude=./.git \
  --exclude='*/__pycache__' -cf - . | tar -C "$R/build/src" -xf -
mount_root
in_root "cd /build/src && PYTHON=$PY_PREFIX/bin/python3.11 bash build/build.sh --skip-tests" \
  2>&1 | tee "$WORK/bundle-$DEB_ARCH.log"   # pipefail: a failed build stops here
umount_root
rm -rf "$OUT" "$SRC/dist/$ZIP"
mkdir -p "$OUT"
cp -a "$R/build/src/dist/g60desk" "$OUT/g60desk"
cp "$R/build/src/dist/$ZIP" "$SRC/dist/$ZIP"
T_BUNDLE=$(( $(date +%s) - T0 ))
stage_done "bundle"
fi
[ -x "$OUT/g60desk/g60desk" ] || { echo "no bundle in $OUT (run without --smoke-only)" >&2; exit 1; }

# ---- 4. the glibc floor ----------------------------------------------------------------
stage "glibc floor (at most $GLIBC_MAX)"
bash build/glibc-floor.sh "$OUT/g60desk" "$GLIBC_MAX"

# ---- 5. smoke test inside the same root ------------------------------------------------
T_SMOKE=0
if [ "$SMOKE" = 1 ]; then
  T0=$(date +%s)
  stage "smoke test in the $SUITE root"
  rm -rf "$R/build/bundle" "$R/build/smoke"
  mkdir -p "$R/build/bundle" "$R/build/smoke/build"
  cp -a "$OUT/g60desk" "$R/build/bundle/g60desk"
  cp build/smoke.sh "$R/build/smoke/build/smoke.sh"
  mount_root
  in_root "bash /build/smoke/build/smoke.sh /build/bundle/g60desk"
  # The root has no CJK font: the window must use the bundled one, and selfcheck say so.
  in_root "$(cat <<'SH'
set -e
d=:$((200 + RANDOM % 100))
Xvfb $d -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb' EXIT
for _ in $(seq 50); do xdpyinfo -display $d >/dev/null 2>&1 && break; sleep 0.1; done
if command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; then echo "the root has a CJK font; the fallback is not tested"; exit 1; fi
home=$(mktemp -d)
env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY=$d \
  /build/bundle/g60desk/g60desk selfcheck >/tmp/selfcheck.txt 2>&1 || true
grep '界面字体' /tmp/selfcheck.txt
grep -q '界面字体.*AR PL UMing CN(程序自带)' /tmp/selfcheck.txt \
  || { cat /tmp/selfcheck.txt; echo "SMOKE FAIL: the window does not use the bundled font"; exit 1; }
SH
)"
  umount_root
  T_SMOKE=$(( $(date +%s) - T0 ))
  stage_done "smoke"
fi

size_dir=$(du -sh "$OUT/g60desk" | cut -f1)
size_zip=$(du -h "$SRC/dist/$ZIP" | cut -f1)
echo "== done: dist/$ZIP ($size_zip, folder $size_dir)"
echo "   times: root ${T_ROOT}s, CPython ${T_PY}s, bundle ${T_BUNDLE}s, smoke ${T_SMOKE}s"
