# Shared by build/build-linux-old.sh and build/build-linux-arm64.sh (sourced, not run):
# the pinned inputs of the Debian 11 roots and of CPython, the roots' mounts, and the stages
# both scripts run the same way (root, native CPython, bundle, glibc floor, smoke test).
# The caller sets SRC (the checkout), R (the root in use), ARCH/DEB_ARCH, and `set -euo pipefail`.

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
# Every module the program or the build needs must have been built.
PY_MODULES_CHECK="import tkinter, ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid, _decimal; print(\"tk\", tkinter.TkVersion)"

WORK=$SRC/build/work
CACHE=$WORK/cache
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$SRC/g60desk/__init__.py")

# root_stamp DEB_ARCH PACKAGE...: the hash a root's .g60desk-root must hold to be reused.
root_stamp() {
  local arch=$1; shift
  printf '%s\n' "$SUITE" "$arch" "$MIRROR" "$@" | sha256sum | cut -c1-16
}
# stamp_of VALUE...: a hash of the given inputs, one a line.
stamp_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

stage_start=0
stage() { stage_start=$(date +%s); echo "== $*"; }
stage_done() { echo "   ($1: $(( $(date +%s) - stage_start )) s)"; }

# ---- mounts (always undone on exit: the caller traps umount_root) ----------------------
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
in_root() { chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  LANG=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 bash -c "$1"; }
no_mounts_left() { ! grep -q " $1/" /proc/mounts; }

# enable_binfmt ARCH: a foreign root runs under qemu-user-static through binfmt_misc
# (flag F: nothing is copied into the root).
enable_binfmt() {
  [ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc none /proc/sys/fs/binfmt_misc
  [ -e "/proc/sys/fs/binfmt_misc/qemu-$1" ] || update-binfmts --enable "qemu-$1" \
    || { echo "qemu-$1 binfmt missing: apt-get install qemu-user-static binfmt-support" >&2; exit 1; }
}

# make_root DEB_ARCH STAMP PACKAGES: debootstrap the root $R with these packages, unless its
# stamp already matches. APT_EXTRA: options for apt-get (none by default).
make_root() {
  local arch=$1 want=$2 packages=$3
  if [ "$(cat "$R/.g60desk-root" 2>/dev/null)" = "$want" ]; then
    echo "== Debian $SUITE $arch root: reused ($R)"
    return
  fi
  stage "Debian $SUITE $arch root (debootstrap minbase) in $R"
  command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install debootstrap" >&2; exit 1; }
  no_mounts_left "$R" || { echo "something is still mounted under $R; unmount it first" >&2; exit 1; }
  rm -rf --one-file-system "$R"
  mkdir -p "$WORK"
  debootstrap --arch="$arch" --variant=minbase "$SUITE" "$R" "$MIRROR" >"$WORK/debootstrap-$arch.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap-$arch.log"; exit 1; }
  printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$R/etc/apt/sources.list"
  mount_root
  in_root "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${APT_EXTRA:-}$(echo $packages)" \
    >"$WORK/apt-$arch.log" 2>&1 || { tail -30 "$WORK/apt-$arch.log"; exit 1; }
  in_root "apt-get clean"
  umount_root
  echo "$want" >"$R/.g60desk-root"
  stage_done "root"
}

# root_net_config: pip inside the root reaches the same package index as the host: its CA
# certificates, pip configuration and name server (refreshed on every run; nothing else is
# copied). update-ca-certificates is slow under emulation: only when the host's changed.
root_net_config() {
  if [ -d /usr/local/share/ca-certificates ] && ! diff -rq /usr/local/share/ca-certificates \
      "$R/usr/local/share/ca-certificates" >/dev/null 2>&1; then
    cp -a /usr/local/share/ca-certificates/. "$R/usr/local/share/ca-certificates/"
    in_root "update-ca-certificates >/dev/null 2>&1 || true"
  fi
  if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$R/etc/pip.conf"; fi
  cp -L /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
}

# fetch_cpython: the pinned CPython tarball in $CACHE, its sha256 checked.
fetch_cpython() {
  mkdir -p "$CACHE"
  if ! echo "$PY_SHA256  $CACHE/$PY_TARBALL" | sha256sum -c --status 2>/dev/null; then
    curl -fsSL -o "$CACHE/$PY_TARBALL.part" "$PY_URL"
    mv "$CACHE/$PY_TARBALL.part" "$CACHE/$PY_TARBALL"
    echo "$PY_SHA256  $CACHE/$PY_TARBALL" | sha256sum -c --quiet
  fi
}

# native_cpython STAMP: CPython built and installed inside the root $R (its own compiler),
# unless $R$PY_PREFIX/.g60desk-python already holds STAMP.
native_cpython() {
  local want=$1
  if [ "$(cat "$R$PY_PREFIX/.g60desk-python" 2>/dev/null)" = "$want" ]; then
    echo "== CPython $PY_VERSION: reused ($R$PY_PREFIX)"
    return
  fi
  stage "CPython $PY_VERSION in the root ($PY_PREFIX)"
  fetch_cpython
  rm -rf "$R/build/cpython" "$R$PY_PREFIX"
  mkdir -p "$R/build/cpython"
  tar -xzf "$CACHE/$PY_TARBALL" -C "$R/build/cpython" --strip-components=1
  mount_root
  in_root "cd /build/cpython && ./configure $(echo $PY_CONFIGURE) && make -j$(nproc) && make install" \
    >"$WORK/cpython-$DEB_ARCH.log" 2>&1 || { tail -40 "$WORK/cpython-$DEB_ARCH.log"; exit 1; }
  in_root "$PY_PREFIX/bin/python3.11 -c '$PY_MODULES_CHECK'"
  umount_root
  rm -rf "$R/build/cpython"
  echo "$want" >"$R$PY_PREFIX/.g60desk-python"
  stage_done "CPython"
}

# bundle_in_root OUT ZIP: the project's own build.sh --skip-tests with $PY_PREFIX's Python in
# the root $R, on a copy of the checkout (build.sh starts by removing build/work, which holds
# the roots). Results copied to OUT/g60desk and dist/ZIP.
bundle_in_root() {
  local out=$1 zip=$2
  stage "bundle: build/build.sh --skip-tests with CPython $PY_VERSION (glibc $(in_root 'ldd --version | head -1 | grep -o "[0-9.]*$"'))"
  rm -rf "$R/build/src"
  mkdir -p "$R/build/src"
  tar -C "$SRC" --exclude=./build/work --exclude=./dist --exclude=./.venv --exclude=./.git \
    --exclude='*/__pycache__' -cf - . | tar -C "$R/build/src" -xf -
  mount_root
  in_root "cd /build/src && PYTHON=$PY_PREFIX/bin/python3.11 bash build/build.sh --skip-tests" \
    2>&1 | tee "$WORK/bundle-$DEB_ARCH.log"   # pipefail: a failed build stops here
  umount_root
  rm -rf "$out" "$SRC/dist/$zip"
  mkdir -p "$out"
  cp -a "$R/build/src/dist/g60desk" "$out/g60desk"
  cp "$R/build/src/dist/$zip" "$SRC/dist/$zip"
  stage_done "bundle"
}

# smoke_in_root OUT: build/smoke.sh on OUT/g60desk inside the root $R, then the check that the
# window uses the bundled font (the root has no CJK font) and that selfcheck says so.
smoke_in_root() {
  local out=$1
  stage "smoke test in the $SUITE $DEB_ARCH root"
  rm -rf "$R/build/bundle" "$R/build/smoke"
  mkdir -p "$R/build/bundle" "$R/build/smoke/build"
  cp -a "$out/g60desk" "$R/build/bundle/g60desk"
  cp "$SRC/build/smoke.sh" "$R/build/smoke/build/smoke.sh"
  mount_root
  in_root "bash /build/smoke/build/smoke.sh /build/bundle/g60desk"
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
  stage_done "smoke"
}

# summary OUT ZIP: sizes of the result.
summary() {
  echo "== done: dist/$2 ($(du -h "$SRC/dist/$2" | cut -f1), folder $(du -sh "$1/g60desk" | cut -f1))"
}
