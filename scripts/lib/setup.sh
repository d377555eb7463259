# Set-up shared by scripts/test and scripts/pacer (sourced, not run): Debian packages, and a private Docker engine
# on its own socket when none is reachable (exported as DOCKER_HOST). Callers define log() and DOCKERD_DIR first,
# and call stop_private_dockerd when they leave.

# Debian packages Pacer's examples and tests use: the Docker engine and a static busybox for images (issue 6),
# python3 for the demo app (issue 8).
PACKAGES=(docker.io busybox-static python3 iproute2 curl)

# Extra packages (what only the tests need) are given as arguments.
install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v mvn >/dev/null || missing+=(maven)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing packages ${missing[*]}, and not root: install them (sudo apt-get install ${missing[*]}) or what needs them fails"
    return 0
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A private engine: vfs storage (works anywhere), no iptables changes; the default bridge stays on because
# bridge networking and port mappings work here (shared/reference/machine.md) and Docker apps use them.
dockerd_pid=""

stop_private_dockerd() {
  local -
  set +e +o pipefail # cleanup goes on past any step that finds nothing to clean
  local pid=${dockerd_pid:-$(cat "$DOCKERD_DIR/dockerd.pid" 2>/dev/null)}
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  fi
  # What a stopped dockerd leaves behind (machine.md): mounts under its exec root, docker0, its state folder.
  if [ -d "$DOCKERD_DIR" ]; then
    grep -o " $DOCKERD_DIR[^ ]*" /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null; done
    rm -rf "$DOCKERD_DIR"
    ip link show docker0 >/dev/null 2>&1 && ip link delete docker0
  fi
  return 0
}

start_docker_if_needed() {
  if docker version >/dev/null 2>&1; then
    log "using the Docker engine at ${DOCKER_HOST:-the default socket}"
    return 0
  fi
  if ! command -v dockerd >/dev/null; then
    log "no Docker engine reachable and dockerd is not installed: Docker apps and tests will fail"
    return 0
  fi
  stop_private_dockerd # a run that was interrupted may have left one
  mkdir -p "$DOCKERD_DIR"
  log "starting a private Docker engine at unix://$DOCKERD_DIR/docker.sock"
  dockerd --storage-driver=vfs --iptables=false \
    --data-root="$DOCKERD_DIR/data" --exec-root="$DOCKERD_DIR/exec" --pidfile="$DOCKERD_DIR/dockerd.pid" \
    --host="unix://$DOCKERD_DIR/docker.sock" >"$DOCKERD_DIR/dockerd.log" 2>&1 &
  dockerd_pid=$! # the caller stops it (stop_private_dockerd) when it leaves
  export DOCKER_HOST="unix://$DOCKERD_DIR/docker.sock"
  for _ in $(seq 1 150); do
    docker version >/dev/null 2>&1 && { log "Docker engine ready"; return 0; }
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.2
  done
  log "the private Docker engine did not start; its log:"
  tail -20 "$DOCKERD_DIR/dockerd.log" >&2
  exit 1
}

