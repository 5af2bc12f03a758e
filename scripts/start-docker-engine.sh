#!/usr/bin/env bash
# Starts a real Docker engine for the docker test tier and the layers benchmark, then makes sure the
# local base image the fixtures build FROM exists. Idempotent: a daemon that already answers (started
# by CI, another tool or an earlier run) is reused, never started twice.
#
# Debian's docker.io, vfs storage (works inside containers without overlayfs), the legacy builder
# (no BuildKit here). Nothing can be pulled, so the base image is built locally from busybox-static.
# Usage: scripts/start-docker-engine.sh [BASE_IMAGE]   (default mldock-test/busybox:1)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
IMAGE=${1:-mldock-test/busybox:1}
ENGINE_DIR=${MLDOCK_ENGINE_DIR:-/tmp/mldock-docker-engine}

# apt may be held by another installer on the same machine: wait and retry rather than fail.
apt_install() {
  for attempt in $(seq 1 30); do
    if { [ -n "${APT_UPDATED:-}" ] || apt-get update -qq; } && apt-get install -y -qq "$@" >/dev/null; then return 0; fi
    APT_UPDATED=
    echo "apt-get busy or failed (attempt $attempt), retrying in 10 s" >&2
    sleep 10
  done
  echo "could not install $*" >&2
  return 1
}

if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "docker.io is not installed and this script is not root: install it with sudo apt-get install docker.io" >&2; exit 1; }
    apt_install docker.io
  fi
  [ "$(id -u)" = 0 ] || { echo "no Docker daemon answers and starting one needs root (sudo $0)" >&2; exit 1; }
  mkdir -p "$ENGINE_DIR"
  # The default socket may belong to a daemon that died: dockerd refuses to start while its pid file exists.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
  if ! pgrep -x dockerd >/dev/null; then
    (setsid dockerd --storage-driver=vfs --data-root "$ENGINE_DIR/data" >"$ENGINE_DIR/dockerd.log" 2>&1 &)
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: $(tail -5 "$ENGINE_DIR/dockerd.log" 2>/dev/null)" >&2; exit 1; }
fi

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  command -v busybox >/dev/null || apt_install busybox-static
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
  chmod 1777 "$root/tmp"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  tar -C "$root" -c . | docker import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
fi
echo "docker engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); base image $IMAGE"
