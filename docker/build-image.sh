#!/usr/bin/env bash
# Builds the awsemu image on the local Debian base (made first when missing), pulling nothing.
#   docker/build-image.sh                 # needs docker/target/awsemu.jar (mvn -B package -DskipTests)
# Environment:
#   AWSEMU_IMAGE       tag to build (default awsemu)
#   AWSEMU_BASE_IMAGE  base image (default awsemu-base:jre17; made by build-base-image.sh when it is
#                      that default and missing; any other must already exist or be pullable)
#   APPCDS=0           skip recording the AppCDS archive
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
IMAGE="${AWSEMU_IMAGE:-awsemu}"
BASE="${AWSEMU_BASE_IMAGE:-awsemu-base:jre17}"
log() { printf '[build-image] %s\n' "$*" >&2; }

[ -f "$HERE/target/awsemu.jar" ] || { log "ERROR: $HERE/target/awsemu.jar is missing: run 'mvn -B package -DskipTests' first"; exit 1; }
docker info >/dev/null 2>&1 || { log "ERROR: no Docker engine answers; run .ci/install-docker.sh first"; exit 1; }

if [ "$BASE" = awsemu-base:jre17 ]; then
  AWSEMU_BASE_IMAGE="$BASE" "$HERE/build-base-image.sh"
fi

t0=$(date +%s)
# The classic builder: Debian's docker.io 20.10 has no buildx, and a BuildKit frontend would be a pull.
DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE="$BASE" --build-arg APPCDS="${APPCDS:-1}" \
  -t "$IMAGE" "$HERE" >"${TMPDIR:-/tmp}/awsemu-docker-build.log" 2>&1 \
  || { tail -n 40 "${TMPDIR:-/tmp}/awsemu-docker-build.log" >&2; log "ERROR: docker build failed (log: ${TMPDIR:-/tmp}/awsemu-docker-build.log)"; exit 1; }
grep -a -o 'build-cds:.*' "${TMPDIR:-/tmp}/awsemu-docker-build.log" >&2 || true
size=$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')
log "built $IMAGE on $BASE in $(( $(date +%s) - t0 )) s, $size"
