#!/bin/bash
# The image's entrypoint.
#   (no arguments) or arguments starting with '-'  -> java ... -jar awsemu.jar <arguments>
#   --build-cds                                    -> (image build only) writes the AppCDS archive, extracts
#                                                     RocksDB's native library into AWSEMU_NATIVE_DIR and keeps
#                                                     the migrated metadata as AWSEMU_META_TEMPLATE
#   anything else                                  -> runs that command (e.g. `docker run -it awsemu bash`)
# JVM options: AWSEMU_JVM_DEFAULTS (the image's defaults), then JAVA_OPTS (yours; later flags win).
set -euo pipefail

JAR=/opt/awsemu/awsemu.jar
CDS=/opt/awsemu/awsemu.jsa

read -r -a defaults <<<"${AWSEMU_JVM_DEFAULTS:-}"
read -r -a user_opts <<<"${JAVA_OPTS:-}"
# The JVM refuses two collectors: when JAVA_OPTS picks one, the default's goes.
opts=()
for o in "${defaults[@]}"; do
  if [[ "$o" == -XX:+Use*GC ]] && [[ " ${user_opts[*]} " == *" -XX:+Use"*"GC "* ]]; then continue; fi
  opts+=("$o")
done
opts+=("${user_opts[@]}")

build_cds() {
  # Starts the server once, waits until it answers, then stops it with SIGTERM: the JVM writes the
  # dynamic archive of every class it loaded at exit. No listener outside the build container.
  local data pid waited=0
  data="$(mktemp -d)"
  rm -f "$CDS"
  AWSEMU_DATA_DIR="$data" AWSEMU_BIND_ADDRESS=127.0.0.1 AWSEMU_META_TEMPLATE= \
    java "${opts[@]}" -XX:ArchiveClassesAtExit="$CDS" -Xlog:cds=warning -jar "$JAR" &
  pid=$!
  until /opt/awsemu/healthcheck.sh; do
    kill -0 "$pid" 2>/dev/null || { echo "build-cds: awsemu exited before it answered" >&2; exit 1; }
    [ "$waited" -lt 600 ] || { kill -KILL "$pid"; echo "build-cds: no health answer within 60 s" >&2; exit 1; }
    sleep 0.1; waited=$((waited + 1))
  done
  kill -TERM "$pid"
  # A shutdown that hangs would hang the image build: kill it after 60 s (then no archive, and fail).
  ( sleep 60; kill -KILL "$pid" 2>/dev/null ) &
  local watchdog=$!
  wait "$pid" || true   # 143 after SIGTERM
  kill "$watchdog" 2>/dev/null || true
  # the run migrated every schema into an empty database and closed it cleanly: a new volume starts
  # from a copy of it instead of running the migrations again (H2MetadataDb.file)
  if [ -n "${AWSEMU_META_TEMPLATE:-}" ]; then
    cp "$data/meta.mv.db" "$AWSEMU_META_TEMPLATE"
    chmod 644 "$AWSEMU_META_TEMPLATE"
  fi
  rm -rf "$data"
  [ -s "$CDS" ] || { echo "build-cds: the JVM wrote no archive at $CDS" >&2; exit 1; }
  chmod 644 "$CDS"
  # the run also extracted RocksDB's native library into AWSEMU_NATIVE_DIR: the runtime user only reads it
  if [ -n "${AWSEMU_NATIVE_DIR:-}" ] && [ -d "$AWSEMU_NATIVE_DIR" ]; then chmod -R a+rX,go-w "$AWSEMU_NATIVE_DIR"; fi
  echo "build-cds: wrote $CDS ($(du -h "$CDS" | cut -f1)) after $((waited / 10)) s" >&2
}

if [ "${1:-}" = --build-cds ]; then
  build_cds
  exit 0
fi
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  # The archive fits only the exact jar it was made from; the JVM ignores it (with a warning) otherwise.
  if [ -f "$CDS" ] && [ "${AWSEMU_APPCDS:-1}" != 0 ]; then
    opts=(-XX:SharedArchiveFile="$CDS" "${opts[@]}")
  fi
  exec java "${opts[@]}" -jar "$JAR" "$@"
fi
exec "$@"
