#!/usr/bin/env bash
# Build the Linux one-folder bundle on an old glibc: inside a Debian 11 (bullseye, glibc
# 2.31) root made with debootstrap, with CPython 3.11 built from source there (shared
# libpython, Tk), then the project's own build/build.sh with that Python.
#
#   bash build/build-linux-old.sh [--arch x86_64|aarch64] [--no-smoke | --smoke-only]
#   bash build/build-linux-old.sh [--arch ...] --print-stamps   the stamps of the pinned inputs
#
# Result: dist/linux-<arch>/g60desk/ and dist/G60Desk-<version>-linux-<arch>.zip, whose
# highest GLIBC symbol version is checked by build/glibc-floor.sh (the build fails above
# 2.31), then build/smoke.sh runs on the bundle inside the same root. --smoke-only checks
# and smoke-tests the bundle already in dist/linux-<arch>/ without building.
#
# Idempotent: the root (build/work/bullseye-<arch>/) and the CPython built in it are reused
# when their pinned inputs (suite, mirror, package list, CPython tarball and flags) match.
# --arch aarch64 on an x86-64 host is build/build-linux-arm64.sh (CPython cross-compiled on
# the host, the bundle built and smoke-tested in an arm64 root under qemu-user-static).
# Runs as root (debootstrap, chroot, mounts). Pinned inputs: build/linux-root-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)

ARCH=$(uname -m)
SMOKE=1
BUILD=1
PASS=()
PRINT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) ARCH=${2:-}; shift 2 ;;
    --arch=*) ARCH=${1#--arch=}; shift ;;
    --no-smoke) SMOKE=0; PASS+=("$1"); shift ;;
    --smoke-only) BUILD=0; PASS+=("$1"); shift ;;
    --print-stamps) PRINT=1; PASS+=("$1"); shift ;;
    *) echo "用法 / usage: bash build/build-linux-old.sh [--arch x86_64|aarch64] [--no-smoke | --smoke-only | --print-stamps]" >&2
       exit 2 ;;
  esac
done
case "$ARCH" in
  x86_64) DEB_ARCH=amd64 ;;
  aarch64) DEB_ARCH=arm64 ;;
  *) echo "unknown --arch $ARCH (x86_64 or aarch64)" >&2; exit 2 ;;
esac
if [ "$ARCH" = aarch64 ] && [ "$(uname -m)" = x86_64 ]; then
  exec bash build/build-linux-arm64.sh "${PASS[@]}"
fi

. build/linux-root-lib.sh
R=$WORK/$SUITE-$DEB_ARCH
ROOT_STAMP_WANT=$(root_stamp "$DEB_ARCH" $PACKAGES)
PY_STAMP_WANT=$(stamp_of "$ROOT_STAMP_WANT" "$PY_SHA256" "$PY_CONFIGURE")
if [ "$PRINT" = 1 ]; then
  printf '%s-root %s\n%s-python %s\n' "$DEB_ARCH" "$ROOT_STAMP_WANT" "$DEB_ARCH" "$PY_STAMP_WANT"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "build-linux-old.sh needs root (debootstrap, chroot, mount)" >&2; exit 2; }
OUT=$SRC/dist/linux-$ARCH
ZIP=G60Desk-$VERSION-linux-$ARCH.zip
trap umount_root EXIT
if [ "$DEB_ARCH" != "$(dpkg --print-architecture)" ]; then enable_binfmt "$ARCH"; fi

# ---- 1. the Debian 11 root -------------------------------------------------------------
T0=$(date +%s)
make_root "$DEB_ARCH" "$ROOT_STAMP_WANT" "$PACKAGES"
root_net_config
T_ROOT=$(( $(date +%s) - T0 ))

# ---- 2. CPython 3.11 with Tk and a shared libpython ------------------------------------
T0=$(date +%s)
native_cpython "$PY_STAMP_WANT"
T_PY=$(( $(date +%s) - T0 ))

# ---- 3. the bundle: the project's own build.sh with that Python ------------------------
T0=$(date +%s)
T_BUNDLE=0
if [ "$BUILD" = 1 ]; then
  bundle_in_root "$OUT" "$ZIP"
  T_BUNDLE=$(( $(date +%s) - T0 ))
fi
[ -x "$OUT/g60desk/g60desk" ] || { echo "no bundle in $OUT (run without --smoke-only)" >&2; exit 1; }

# ---- 4. the glibc floor ----------------------------------------------------------------
stage "glibc floor (at most $GLIBC_MAX)"
bash build/glibc-floor.sh "$OUT/g60desk" "$GLIBC_MAX"

# ---- 5. smoke test inside the same root ------------------------------------------------
T_SMOKE=0
if [ "$SMOKE" = 1 ]; then
  T0=$(date +%s)
  smoke_in_root "$OUT"
  T_SMOKE=$(( $(date +%s) - T0 ))
fi

summary "$OUT" "$ZIP"
echo "   times: root ${T_ROOT}s, CPython ${T_PY}s, bundle ${T_BUNDLE}s, smoke ${T_SMOKE}s"
