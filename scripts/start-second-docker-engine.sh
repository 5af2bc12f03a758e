#!/usr/bin/env bash
# Starts a second Docker engine on its own socket, for testing what a user does with a remote GPU box
# (DOCKER_HOST=ssh://user@gpu-box): MLDock must build and run on whatever engine DOCKER_HOST names,
# not on the default one. The second engine has its own data root (vfs), exec root, pid file, config
# and bridge, and gets the local base image from the first engine with `docker save | docker load`
# (nothing can be pulled here). Idempotent: an engine already answering on the socket is reused.
#
# Usage: scripts/start-second-docker-engine.sh [BASE_IMAGE]   start (default mldock-test/busybox:1)
#        scripts/start-second-docker-engine.sh --stop         stop it (by its pid file)
# Prints the DOCKER_HOST to use on its last line: unix:///tmp/mldock-docker-engine-2/docker.sock
set -euo pipefail
DIR=${MLDOCK_SECOND_ENGINE_DIR:-/tmp/mldock-docker-engine-2}
SOCK="$DIR/docker.sock"
HOST="unix://$SOCK"
# Its own bridge and subnet, so its containers never collide with the first engine's docker0.
BRIDGE=mldock-br2
SUBNET=172.31.250.1/24

if [ "${1:-}" = "--stop" ]; then
  pid=$(cat "$DIR/docker.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  echo "second docker engine stopped"
  exit 0
fi

IMAGE=${1:-mldock-test/busybox:1}
# The first engine provides the base image (and installs docker.io when needed).
bash "$(dirname "$0")/start-docker-engine.sh" "$IMAGE" >/dev/null

if ! DOCKER_HOST=$HOST docker info >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "starting a second dockerd needs root (sudo $0)" >&2; exit 1; }
  mkdir -p "$DIR/data" "$DIR/exec"
  [ -f "$DIR/daemon.json" ] || echo '{}' >"$DIR/daemon.json"
  if [ -f "$DIR/docker.pid" ] && ! kill -0 "$(cat "$DIR/docker.pid")" 2>/dev/null; then rm -f "$DIR/docker.pid"; fi
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add name "$BRIDGE" type bridge
    ip addr add "$SUBNET" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  # No iptables: the first engine owns the NAT chains; published ports go through docker-proxy, which
  # is all a test on localhost needs.
  (setsid dockerd --host "$HOST" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/docker.pid" \
    --config-file "$DIR/daemon.json" --storage-driver vfs --bridge "$BRIDGE" --iptables=false --ip-masq=false \
    >"$DIR/dockerd.log" 2>&1 &)
  for _ in $(seq 1 60); do DOCKER_HOST=$HOST docker info >/dev/null 2>&1 && break; sleep 1; done
  DOCKER_HOST=$HOST docker info >/dev/null 2>&1 || { echo "the second dockerd did not start: $(tail -5 "$DIR/dockerd.log" 2>/dev/null)" >&2; exit 1; }
fi

if ! DOCKER_HOST=$HOST docker image inspect "$IMAGE" >/dev/null 2>&1; then
  docker save "$IMAGE" | DOCKER_HOST=$HOST docker load >/dev/null
fi
echo "second docker engine ready ($(DOCKER_HOST=$HOST docker version --format '{{.Server.Version}}' 2>/dev/null)); base image $IMAGE"
echo "$HOST"
