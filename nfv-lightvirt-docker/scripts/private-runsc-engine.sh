#!/bin/sh
# A private Docker Engine with gVisor's runsc registered, for DockerRuntimeIT's runsc test, without
# touching the shared dockerd: it runs in its own network namespace (so its docker0 and iptables
# rules stay there), with its own data, exec root, socket and cgroup parent (see HOST-NOTES).
#
#   sh nfv-lightvirt-docker/scripts/private-runsc-engine.sh start    # prints the engine URI
#   mvn -B -q -pl nfv-lightvirt-docker -am verify -Dit.test=DockerRuntimeIT \
#       -Dfailsafe.failIfNoSpecifiedTests=false -Dnfvlv.docker.runsc.engine=unix:///tmp/nfvlv-runsc-engine/sock
#   sh nfv-lightvirt-docker/scripts/private-runsc-engine.sh stop
#
# Debian 12's runsc (2022) cannot set up networking on this kernel; a failed start leaves a
# containerd shim and a runsc sandbox behind: 'stop' deletes those sandboxes with runsc and ends the
# shims by PID (only processes under this engine's exec root).
set -eu
D=/tmp/nfvlv-runsc-engine
NS=nfvlvrunsc
case "${1:-}" in
start)
    command -v runsc >/dev/null || apt-get install -y runsc >/dev/null
    [ -S "$D/sock" ] && { echo "unix://$D/sock"; exit 0; }
    mkdir -p "$D"
    ip netns add "$NS"
    ip netns exec "$NS" ip link set lo up
    nsenter --net="/run/netns/$NS" dockerd --data-root "$D/data" --exec-root "$D/exec" --pidfile "$D/pid" \
        -H "unix://$D/sock" --cgroup-parent /nfvlvrunsc --add-runtime runsc=/usr/bin/runsc >"$D/log" 2>&1 &
    i=0
    while [ ! -S "$D/sock" ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    [ -S "$D/sock" ] || { echo "private dockerd did not start, see $D/log" >&2; exit 1; }
    echo "unix://$D/sock"
    ;;
stop)
    if [ -d "$D/exec/runtime-runc/moby" ]; then
        for id in $(runsc --root="$D/exec/runtime-runc/moby" list -quiet 2>/dev/null); do
            runsc --root="$D/exec/runtime-runc/moby" delete -force "$id" || true
        done
    fi
    for pid in $(ps -eo pid,args | awk -v d="$D/exec" '/containerd-shim/ && index($0, d) {print $1}'); do
        kill "$pid" 2>/dev/null || true
    done
    if [ -f "$D/pid" ]; then
        pid=$(cat "$D/pid")
        kill "$pid" 2>/dev/null || true
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    fi
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$D"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
