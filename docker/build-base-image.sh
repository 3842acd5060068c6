#!/usr/bin/env bash
# Builds the local base image awsemu-base:jre17 (Debian minbase + Debian's OpenJDK 17 JRE) without
# pulling anything from a container registry: debootstrap from the apt mirror this machine already
# uses, then `docker import`. Skips the work when the image already exists (FORCE=1 rebuilds).
#
# Environment:
#   AWSEMU_BASE_IMAGE       image to make (default awsemu-base:jre17)
#   AWSEMU_DEBIAN_SUITE     Debian suite (default: the host's VERSION_CODENAME, else bookworm)
#   AWSEMU_DEBIAN_MIRROR    Debian mirror URI (default: read from /etc/apt/sources.list*)
#   AWSEMU_DEBIAN_SECURITY  Debian security mirror URI (default: read from the same; optional)
#   FORCE=1                 rebuild even when the image exists
# Needs root (debootstrap, chroot) and a Docker engine (see .ci/install-docker.sh).
set -euo pipefail

IMAGE="${AWSEMU_BASE_IMAGE:-awsemu-base:jre17}"
log() { printf '[build-base-image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already exists ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')); FORCE=1 rebuilds"
  exit 0
fi
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
docker info >/dev/null 2>&1 || die "no Docker engine answers; run .ci/install-docker.sh first"

if [ -z "${AWSEMU_DEBIAN_SUITE:-}" ]; then
  AWSEMU_DEBIAN_SUITE="$( (. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || true)"
  AWSEMU_DEBIAN_SUITE="${AWSEMU_DEBIAN_SUITE:-bookworm}"
fi
SUITE="$AWSEMU_DEBIAN_SUITE"

# Prints the URI of the first enabled apt source that serves suite $1, from both the one-line
# sources.list format and the deb822 *.sources format.
find_mirror() {
  local want="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk -v want="$want" '
      $1 == "deb" {
        i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == want) { print $i; exit }
      }' "$f"
  done | head -n1 | grep . && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk -v want="$want" '
      function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " want " ") && uris != "") { split(uris, u, " "); print u[1]; found = 1; exit } types = uris = suites = ""; enabled = "" }
      /^[ \t]*$/ { flush(); next }
      /^#/ { next }
      tolower($1) == "types:"   { $1 = ""; types = $0 }
      tolower($1) == "uris:"    { $1 = ""; sub(/^ +/, ""); uris = $0 }
      tolower($1) == "suites:"  { $1 = ""; sub(/^ +/, ""); suites = $0 }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { if (!found) flush() }' "$f"
  done | head -n1 | grep .
}

MIRROR="${AWSEMU_DEBIAN_MIRROR:-$(find_mirror "$SUITE" || true)}"
[ -n "$MIRROR" ] || die "no apt source for suite '$SUITE' in /etc/apt/sources.list*; set AWSEMU_DEBIAN_MIRROR"
SECURITY="${AWSEMU_DEBIAN_SECURITY:-$(find_mirror "$SUITE-security" || true)}"
ARCH="$(dpkg --print-architecture)"

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null
fi

ROOT="$(mktemp -d /var/tmp/awsemu-rootfs.XXXXXX)"
chmod 755 "$ROOT"   # it becomes the image's /, and apt's _apt user must traverse it
cleanup() {
  for m in proc sys dev/pts; do mountpoint -q "$ROOT/$m" 2>/dev/null && umount -l "$ROOT/$m"; done
  rm -rf --one-file-system "$ROOT"
}
trap cleanup EXIT

t0=$(date +%s)
log "debootstrap --variant=minbase $SUITE from $MIRROR into $ROOT"
debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
  || { tail -n 30 "$ROOT.debootstrap.log" >&2; die "debootstrap failed (full log: $ROOT.debootstrap.log)"; }
rm -f "$ROOT.debootstrap.log"
t1=$(date +%s)
log "debootstrap took $((t1 - t0)) s"

{
  echo "deb $MIRROR $SUITE main"
  echo "deb $MIRROR $SUITE-updates main"
  [ -z "$SECURITY" ] || echo "deb $SECURITY $SUITE-security main"
} >"$ROOT/etc/apt/sources.list"
# Never ship docs, man pages or translations, also for packages a derived image adds later.
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/01-awsemu-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
cat >"$ROOT/etc/apt/apt.conf.d/01-awsemu-slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
# No service may start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"

# ca-certificates-java runs java in its postinst, which needs /proc.
mount -t proc proc "$ROOT/proc"
log "installing openjdk-17-jre-headless in the chroot"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
  sh -ec 'apt-get update -q >/dev/null
          apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ca-certificates >/tmp/apt.log 2>&1 || { tail -n 30 /tmp/apt.log; exit 1; }
          java -version 2>&1 | head -n1
          apt-get clean' \
  || die "installing the JRE in the chroot failed"
umount "$ROOT/proc"
t2=$(date +%s)
log "JRE install took $((t2 - t1)) s"

# Strip what a runtime never reads.
rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT/tmp/apt.log"
find "$ROOT/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$ROOT/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/usr/share/lintian \
       "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/apt/archives/*.deb \
       "$ROOT"/var/cache/debconf/*-old "$ROOT"/var/lib/dpkg/*-old "$ROOT"/var/log/* "$ROOT"/tmp/* "$ROOT"/root/.cache
find "$ROOT/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
# ct.sym serves only javac; classes_nocoops.jsa only heaps over 32 GB; gconv only iconv users (Java
# has its own charsets). Together about 30 MB.
JVM_DIR="$ROOT/usr/lib/jvm/java-17-openjdk-$ARCH"
rm -f "$JVM_DIR/lib/ct.sym" "$JVM_DIR/lib/server/classes_nocoops.jsa"
rm -rf "$ROOT"/usr/lib/*-linux-gnu*/gconv
: >"$ROOT/etc/resolv.conf"   # the engine supplies its own at run time
echo awsemu >"$ROOT/etc/hostname"

JAVA_HOME="/usr/lib/jvm/java-17-openjdk-$ARCH"
[ -x "$ROOT$JAVA_HOME/bin/java" ] || die "no JRE at $JAVA_HOME in the rootfs"
log "importing $IMAGE"
tar --numeric-owner --xattrs -C "$ROOT" -c . | docker import \
  --change "ENV JAVA_HOME=$JAVA_HOME" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' \
  --message "awsemu base: Debian $SUITE minbase + openjdk-17-jre-headless" \
  - "$IMAGE" >/dev/null
t3=$(date +%s)
size=$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')
log "made $IMAGE ($size) in $((t3 - t0)) s (debootstrap $((t1 - t0)) s, JRE $((t2 - t1)) s, import $((t3 - t2)) s)"
