#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`, installing and starting one when needed.
# Idempotent: does nothing when an engine already answers. Works as root on a fresh Debian 12 machine
# without systemd (CI) and for a developer (who may already have an engine, or run it through sudo).
#
# Environment:
#   AWSEMU_DOCKERD_LOG              dockerd's log (default /var/log/awsemu-dockerd.log)
#   AWSEMU_DOCKER_START_TIMEOUT     seconds to wait for the engine (default 60)
#   AWSEMU_DOCKER_STORAGE_DRIVER    force a storage driver (default: dockerd's choice, overlay2 where
#                                   the backing filesystem allows it, else vfs)
#   AWSEMU_DOCKER_IPTABLES          true|false (default: true when iptables answers, else false)
#   AWSEMU_SKIP_DEBOOTSTRAP=1       don't install debootstrap (only build-base-image.sh needs it)
set -euo pipefail

LOG="${AWSEMU_DOCKERD_LOG:-/var/log/awsemu-dockerd.log}"
TIMEOUT="${AWSEMU_DOCKER_START_TIMEOUT:-60}"
say() { printf '[install-docker] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif [ -n "$SUDO" ]; then $SUDO "$@"
  else die "needs root for: $* (run as root, or with passwordless sudo)"; fi
}

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; } \
    || die "apt-get install $* failed"
}

# 1. Packages. The daemon comes from Debian (docker.io 20.10 on bookworm); any newer docker client
#    already on PATH talks to it by negotiating the API version down.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
[ "${AWSEMU_SKIP_DEBOOTSTRAP:-0}" = 1 ] || command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ] && ! engine_answers; then
  # shellcheck disable=SC2207
  missing=($(printf '%s\n' "${missing[@]}" | sort -u))
  say "installing ${missing[*]}"
  as_root apt-get update -q >/dev/null || die "apt-get update failed"
  apt_install "${missing[@]}"
elif [ "${#missing[@]}" -gt 0 ] && [ "${missing[*]}" = debootstrap ]; then
  say "installing debootstrap"
  apt_install debootstrap
fi

# 2. The engine.
if engine_answers; then
  say "Docker engine answers: $(docker version --format 'server {{.Server.Version}}, client {{.Client.Version}}' 2>/dev/null)"
  exit 0
fi
if [ -S /var/run/docker.sock ] && docker info 2>&1 | grep -qi 'permission denied'; then
  die "an engine runs but $(id -un) may not use /var/run/docker.sock: add the user to group '$(stat -c %G /var/run/docker.sock)' (then log in again) or run as root"
fi

# A dockerd that died leaves its pid file behind, and a new one refuses to start over it.
for pidfile in /var/run/docker.pid /run/docker/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
    say "removing stale $pidfile"; as_root rm -f "$pidfile"
  fi
done
if pgrep -x dockerd >/dev/null 2>&1; then
  say "a dockerd process runs but does not answer yet; waiting for it"
else
  args=()
  if [ -n "${AWSEMU_DOCKER_STORAGE_DRIVER:-}" ]; then args+=(--storage-driver="$AWSEMU_DOCKER_STORAGE_DRIVER"); fi
  iptables_ok="${AWSEMU_DOCKER_IPTABLES:-}"
  if [ -z "$iptables_ok" ]; then
    # Debian 12 defaults to iptables-nft; some kernels only have the legacy tables, some neither.
    if as_root iptables -t nat -L -n >/dev/null 2>&1; then iptables_ok=true
    elif command -v iptables-legacy >/dev/null 2>&1 && as_root iptables-legacy -t nat -L -n >/dev/null 2>&1; then
      say "iptables-nft does not work here; switching the iptables alternative to legacy"
      as_root update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
      as_root update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null 2>&1 || true
      iptables_ok=true
    else
      # Without iptables, `-p HOST:CONTAINER` still works through docker-proxy (the userland proxy),
      # which is all loopback publishing needs; containers just get no NAT to the outside.
      say "iptables does not work here; starting dockerd with --iptables=false (port publishing goes through docker-proxy)"
      iptables_ok=false
    fi
  fi
  [ "$iptables_ok" = true ] || args+=(--iptables=false --ip-masq=false)
  as_root mkdir -p "$(dirname "$LOG")"
  say "starting dockerd ${args[*]:-} (log: $LOG)"
  # setsid: the daemon must outlive this script and the shell that ran it.
  as_root setsid sh -c 'exec dockerd "$@" >>"$0" 2>&1 </dev/null' "$LOG" "${args[@]}" &
fi

waited=0
until engine_answers; do
  if [ "$waited" -ge "$TIMEOUT" ]; then
    say "last lines of $LOG:"; as_root tail -n 30 "$LOG" >&2 || true
    die "the Docker engine did not answer within ${TIMEOUT}s (log: $LOG)"
  fi
  if [ "$waited" -ge 2 ] && ! pgrep -x dockerd >/dev/null 2>&1; then
    say "last lines of $LOG:"; as_root tail -n 30 "$LOG" >&2 || true
    die "dockerd exited during start-up (log: $LOG)"
  fi
  sleep 1; waited=$((waited + 1))
done
say "Docker engine answers after ${waited}s: $(docker info --format 'server {{.ServerVersion}}, storage {{.Driver}}, cgroup v{{.CgroupVersion}}' 2>/dev/null)"
