#!/usr/bin/env bash
# Idempotent host set-up for nfv-lightvirt on Debian 12 (no systemd needed).
# Installs the Debian packages the tests and benchmarks need (only those missing), starts
# dockerd, virtlogd and libvirtd when they are not running, and waits for their sockets.
# A second run does nothing and says so.
set -euo pipefail

log() { printf '[setup-host] %s\n' "$*"; }
die() { printf '[setup-host] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (packages are installed with apt-get and engines started); try: sudo $0"
[[ -r /etc/debian_version ]] || die "this script supports Debian 12 (bookworm) only; /etc/debian_version is missing"
. /etc/os-release
[[ ${ID:-} == debian ]] || die "this script supports Debian only, found ID=${ID:-unknown} (${PRETTY_NAME:-?})"

STATE_DIR=${NFV_LIGHTVIRT_STATE_DIR:-/var/lib/nfv-lightvirt}
LOG_DIR=${NFV_LIGHTVIRT_LOG_DIR:-/var/log/nfv-lightvirt}
mkdir -p "$STATE_DIR" "$LOG_DIR"

PACKAGES=(
  docker.io
  libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients
  qemu-system-x86 qemu-utils
  libpcap-dev tcpdump iperf3 iputils-ping iproute2 busybox-static
  libxml2-utils
  debootstrap cpio zstd e2fsprogs
  # the Tinyx cloud-kernel guest: Debian's cloud kernel package is downloaded and unpacked into the
  # image cache (not installed on this host: that would add a boot entry and build an initramfs);
  # depmod (kmod) writes its modules.dep
  kmod
  # report charts (examples): fonts for headless AWT
  fontconfig fonts-dejavu-core
  # guest images (nfv-lightvirt-libvirt, io.nfvlightvirt.libvirt.image): the Tinyx kernel is compiled
  # from Debian's kernel source with these tools; xz compresses its initramfs
  linux-source-6.1 make gcc libc6-dev bc bison flex libelf-dev perl xz-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  log "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d stops package scripts from trying to start services (there is no init system here).
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOG_DIR/apt.log" 2>&1 \
    || { tail -30 "$LOG_DIR/apt.log" >&2; ((created_policy)) && rm -f "$policy"; die "apt-get install failed (full log: $LOG_DIR/apt.log)"; }
  ((created_policy)) && rm -f "$policy"
  log "packages installed"
else
  log "all ${#PACKAGES[@]} Debian packages already installed"
fi

wait_for_socket() { # name path seconds
  local name=$1 path=$2 secs=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    [[ -S $path ]] && return 0
    sleep 0.1
  done
  die "$name did not create $path within ${secs}s (see $LOG_DIR/$name.log)"
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
pidfile_alive() { [[ -r $1 ]] && pid_alive "$(cat "$1" 2>/dev/null)"; }

# --- dockerd -------------------------------------------------------------------------------------
if pidfile_alive /var/run/docker.pid && [[ -S /var/run/docker.sock ]]; then
  log "dockerd already running (pid $(cat /var/run/docker.pid))"
else
  rm -f /var/run/docker.pid
  log "starting dockerd (log: $LOG_DIR/dockerd.log)"
  setsid /usr/sbin/dockerd --pidfile /var/run/docker.pid >"$LOG_DIR/dockerd.log" 2>&1 </dev/null &
  wait_for_socket dockerd /var/run/docker.sock 60
  for ((i = 0; i < 300; i++)); do /usr/bin/docker version >/dev/null 2>&1 && break; sleep 0.2; done
  /usr/bin/docker version >/dev/null 2>&1 || die "dockerd does not answer on /var/run/docker.sock (see $LOG_DIR/dockerd.log)"
  log "dockerd up"
fi

# --- virtlogd + libvirtd -------------------------------------------------------------------------
if pidfile_alive /run/virtlogd.pid; then
  log "virtlogd already running"
else
  log "starting virtlogd"
  /usr/sbin/virtlogd -d -p /run/virtlogd.pid
fi
if pidfile_alive /run/libvirtd.pid && [[ -S /run/libvirt/libvirt-sock ]]; then
  log "libvirtd already running (pid $(cat /run/libvirtd.pid))"
else
  log "starting libvirtd (log: $LOG_DIR/libvirtd.log)"
  rm -f /run/libvirtd.pid
  /usr/sbin/libvirtd -d -p /run/libvirtd.pid >"$LOG_DIR/libvirtd.log" 2>&1
  wait_for_socket libvirtd /run/libvirt/libvirt-sock 60
  for ((i = 0; i < 300; i++)); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.2; done
  virsh -c qemu:///system version >/dev/null 2>&1 || die "libvirtd does not answer on qemu:///system (see $LOG_DIR/libvirtd.log)"
  log "libvirtd up"
fi

if [[ -e /dev/kvm ]]; then log "/dev/kvm present (the KVM backend still probes whether guests boot under it)"; else log "/dev/kvm absent: QEMU guests run under TCG"; fi
log "host ready"
