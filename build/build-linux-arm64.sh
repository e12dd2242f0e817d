#!/usr/bin/env bash
# Build the Linux ARM64 one-folder bundle for 信创 desktops (麒麟 Kylin V10 on Phytium or
# Kunpeng) on an x86-64 host, on an old glibc (Debian 11 bullseye, glibc 2.31):
#
#   bash build/build-linux-arm64.sh [--no-smoke | --smoke-only]
#   bash build/build-linux-arm64.sh --print-stamps   the stamps of the pinned inputs, no build
#
# 1. the x86-64 Debian 11 root of build/build-linux-old.sh and its CPython 3.11.2 (the
#    "build Python" a cross-build of CPython needs: the same version, run on the host);
# 2. an arm64 Debian 11 root (runtime libraries only, no compiler) run under
#    qemu-user-static through binfmt_misc;
# 3. a cross root: a copy of the x86-64 root with Debian's cross compiler
#    (crossbuild-essential-arm64) and CPython's build dependencies as arm64 multiarch
#    packages (dpkg --add-architecture arm64);
# 4. CPython 3.11.2 cross-compiled there for aarch64-linux-gnu (shared libpython, Tk) and
#    installed in the arm64 root's /opt/python3.11; its modules are imported under qemu;
# 5. the project's own build/build.sh --skip-tests in the arm64 root with that Python;
# 6. build/glibc-floor.sh (fails above 2.31) and build/smoke.sh in the arm64 root, which has
#    no CJK font (the window must use the bundled one).
#
# Result: dist/linux-aarch64/g60desk/ and dist/G60Desk-<version>-linux-aarch64.zip.
# Idempotent: each root and the cross-built CPython are reused while their pinned inputs
# (suite, mirror, package lists, CPython tarball sha256 and configure flags; stamps hashed
# from those inputs) match; only the bundle and the smoke test run again. Runs as root.
# Host (Debian): debootstrap binutils curl qemu-user-static binfmt-support.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)

SMOKE=1
BUILD=1
PRINT=0
for arg in "$@"; do
  case "$arg" in
    --no-smoke) SMOKE=0 ;;
    --smoke-only) BUILD=0 ;;
    --print-stamps) PRINT=1 ;;
    *) echo "用法 / usage: bash build/build-linux-arm64.sh [--no-smoke | --smoke-only | --print-stamps]" >&2; exit 2 ;;
  esac
done

. build/linux-root-lib.sh
ARCH=aarch64
TRIPLET=aarch64-linux-gnu
OUT=$SRC/dist/linux-$ARCH
ZIP=G60Desk-$VERSION-linux-$ARCH.zip

# ---- pinned inputs of the arm64 side (the rest: build/linux-root-lib.sh) ---------------
# The arm64 root runs the build and the smoke test only: the libraries CPython links to,
# binutils for PyInstaller, and what smoke.sh uses. No compiler, no CJK font.
ARM_PACKAGES="binutils ca-certificates
  libtk8.6 libtcl8.6 libssl1.1 libffi7 zlib1g liblzma5 libbz2-1.0 libsqlite3-0 libuuid1
  libreadline8 libncursesw6 libtinfo6 libgdbm6 libexpat1
  xvfb xdotool x11-utils locales poppler-utils"
# The cross root: the x86-64 root plus Debian's arm64 cross toolchain and the arm64
# -dev packages of CPython's build dependencies (the same list as the native build).
CROSS_PACKAGES="crossbuild-essential-arm64 libc6-dev:arm64
  tk8.6-dev:arm64 tcl8.6-dev:arm64 libssl-dev:arm64 libffi-dev:arm64 zlib1g-dev:arm64
  liblzma-dev:arm64 libbz2-dev:arm64 libsqlite3-dev:arm64 uuid-dev:arm64
  libreadline-dev:arm64 libncurses-dev:arm64 libgdbm-dev:arm64 libexpat1-dev:arm64"
# Same prefix and rpath as the native build; the usual answers configure cannot find out
# by running a test program when cross-compiling.
CROSS_CONFIGURE="--build=x86_64-linux-gnu --host=$TRIPLET --with-build-python=$PY_PREFIX/bin/python3.11
  --prefix=$PY_PREFIX --enable-shared --with-ensurepip=no LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib
  TCLTK_CFLAGS=-I/usr/include/tcl8.6 'TCLTK_LIBS=-ltk8.6 -ltcl8.6'
  PKG_CONFIG_LIBDIR=/usr/lib/$TRIPLET/pkgconfig:/usr/share/pkgconfig
  ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no"
CROSS_MODULES_CHECK="import tkinter, ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid, _decimal, readline, _curses, _gdbm; print(\"tk\", tkinter.TkVersion)"

X86_ROOT=$WORK/$SUITE-amd64
ARM_ROOT=$WORK/$SUITE-arm64
CROSS_ROOT=$WORK/$SUITE-amd64-cross
X86_ROOT_STAMP=$(root_stamp amd64 $PACKAGES)
X86_PY_STAMP=$(stamp_of "$X86_ROOT_STAMP" "$PY_SHA256" "$PY_CONFIGURE")
ARM_ROOT_STAMP=$(root_stamp arm64 $ARM_PACKAGES)
CROSS_STAMP=$(stamp_of "$X86_PY_STAMP" $CROSS_PACKAGES)
ARM_PY_STAMP=$(stamp_of "$ARM_ROOT_STAMP" "$CROSS_STAMP" "$PY_SHA256" "$CROSS_CONFIGURE")
if [ "$PRINT" = 1 ]; then
  printf '%s %s\n' amd64-root "$X86_ROOT_STAMP" amd64-python "$X86_PY_STAMP" arm64-root "$ARM_ROOT_STAMP" \
    cross-root "$CROSS_STAMP" arm64-python "$ARM_PY_STAMP"
  exit 0
fi
[ "$(uname -m)" = x86_64 ] || { echo "build-linux-arm64.sh cross-builds on an x86-64 host (on arm64: build-linux-old.sh)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "build-linux-arm64.sh needs root (debootstrap, chroot, mount)" >&2; exit 2; }

trap umount_root EXIT
enable_binfmt "$ARCH"
T_X86=0 T_ARM=0 T_CROSS=0 T_PY=0 T_BUNDLE=0 T_SMOKE=0

# ---- 1. the arm64 Debian 11 root, under qemu -------------------------------------------
T0=$(date +%s)
R=$ARM_ROOT DEB_ARCH=arm64
APT_EXTRA="-o Dpkg::Options::=--force-unsafe-io " make_root arm64 "$ARM_ROOT_STAMP" "$ARM_PACKAGES"
root_net_config
T_ARM=$(( $(date +%s) - T0 ))

# ---- 2.-4. CPython cross-compiled on the host (only when its inputs changed) -----------
if [ "$(cat "$ARM_ROOT$PY_PREFIX/.g60desk-python" 2>/dev/null)" = "$ARM_PY_STAMP" ]; then
  echo "== CPython $PY_VERSION for $TRIPLET: reused ($ARM_ROOT$PY_PREFIX)"
else
  # 2. the x86-64 root and its CPython: the build Python.
  T0=$(date +%s)
  R=$X86_ROOT DEB_ARCH=amd64
  make_root amd64 "$X86_ROOT_STAMP" "$PACKAGES"
  native_cpython "$X86_PY_STAMP"
  T_X86=$(( $(date +%s) - T0 ))

  # 3. the cross root: a copy of the x86-64 root (without its build folder) plus the cross
  #    toolchain and the arm64 -dev packages, native dpkg (no emulation).
  T0=$(date +%s)
  if [ "$(cat "$CROSS_ROOT/.g60desk-cross" 2>/dev/null)" != "$CROSS_STAMP" ]; then
    stage "cross root: $X86_ROOT + arm64 cross toolchain in $CROSS_ROOT"
    for d in "$X86_ROOT" "$CROSS_ROOT"; do
      no_mounts_left "$d" || { echo "something is still mounted under $d; unmount it first" >&2; exit 1; }
    done
    rm -rf --one-file-system "$CROSS_ROOT"
    mkdir -p "$CROSS_ROOT"
    tar -C "$X86_ROOT" --one-file-system --exclude=./build --exclude=./.g60desk-root -cf - . \
      | tar -C "$CROSS_ROOT" -xf -
    R=$CROSS_ROOT
    mount_root
    in_root "dpkg --add-architecture arm64 && apt-get update -q && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends $(echo $CROSS_PACKAGES) && apt-get clean" \
      >"$WORK/apt-cross.log" 2>&1 || { tail -30 "$WORK/apt-cross.log"; exit 1; }
    umount_root
    echo "$CROSS_STAMP" >"$CROSS_ROOT/.g60desk-cross"
    stage_done "cross root"
  else
    echo "== cross root: reused ($CROSS_ROOT)"
  fi
  T_CROSS=$(( $(date +%s) - T0 ))

  # 4. cross-compile, install with DESTDIR, move into the arm64 root, import under qemu.
  T0=$(date +%s)
  stage "CPython $PY_VERSION cross-compiled for $TRIPLET"
  fetch_cpython
  R=$CROSS_ROOT
  rm -rf "$R/build"
  mkdir -p "$R/build/cpython"
  tar -xzf "$CACHE/$PY_TARBALL" -C "$R/build/cpython" --strip-components=1
  mount_root
  in_root "export PKG_CONFIG_LIBDIR=/usr/lib/$TRIPLET/pkgconfig:/usr/share/pkgconfig
    cd /build/cpython && ./configure $(echo $CROSS_CONFIGURE) && make -j$(nproc) && make install DESTDIR=/build/out" \
    >"$WORK/cpython-cross-arm64.log" 2>&1 || { tail -40 "$WORK/cpython-cross-arm64.log"; exit 1; }
  umount_root
  rm -rf "$ARM_ROOT$PY_PREFIX"
  mkdir -p "$(dirname "$ARM_ROOT$PY_PREFIX")"
  mv "$R/build/out$PY_PREFIX" "$ARM_ROOT$PY_PREFIX"
  rm -rf "$R/build"
  # An aarch64 ELF (e_machine 0xb7), and every module imports in the arm64 root.
  [ "$(od -An -tx1 -j18 -N2 "$ARM_ROOT$PY_PREFIX/bin/python3.11" | tr -d ' \n')" = b700 ] \
    || { echo "$ARM_ROOT$PY_PREFIX/bin/python3.11 is not an aarch64 program" >&2; exit 1; }
  R=$ARM_ROOT DEB_ARCH=arm64
  mount_root
  in_root "$PY_PREFIX/bin/python3.11 -c '$CROSS_MODULES_CHECK'"
  umount_root
  echo "$ARM_PY_STAMP" >"$ARM_ROOT$PY_PREFIX/.g60desk-python"
  stage_done "cross CPython"
  T_PY=$(( $(date +%s) - T0 ))
fi

# ---- 5. the bundle, under qemu ---------------------------------------------------------
R=$ARM_ROOT DEB_ARCH=arm64
if [ "$BUILD" = 1 ]; then
  T0=$(date +%s)
  bundle_in_root "$OUT" "$ZIP"
  T_BUNDLE=$(( $(date +%s) - T0 ))
fi
[ -x "$OUT/g60desk/g60desk" ] || { echo "no bundle in $OUT (run without --smoke-only)" >&2; exit 1; }

# ---- 6. the glibc floor and the smoke test in the arm64 root ---------------------------
stage "glibc floor (at most $GLIBC_MAX)"
bash build/glibc-floor.sh "$OUT/g60desk" "$GLIBC_MAX"
if [ "$SMOKE" = 1 ]; then
  T0=$(date +%s)
  smoke_in_root "$OUT"
  T_SMOKE=$(( $(date +%s) - T0 ))
fi

summary "$OUT" "$ZIP"
echo "   times: arm64 root ${T_ARM}s, x86-64 root + build Python ${T_X86}s, cross root ${T_CROSS}s," \
  "cross CPython ${T_PY}s, bundle ${T_BUNDLE}s, smoke ${T_SMOKE}s"
