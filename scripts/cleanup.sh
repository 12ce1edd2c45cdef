#!/usr/bin/env bash
# Removes what nfv-lightvirt left on this host after a process of ours was killed without its
# cleanup (kill -9, a power cut):
#   - Docker containers and networks labelled io.nfvlightvirt.managed=true, and the library's
#     built-in image (repository nfvlv-vnf; a user's image built FROM it inherits our labels, so
#     images are matched by repository too);
#   - libvirt domains whose metadata is in nfv-lightvirt's namespace;
#   - host links and network namespaces named nfvlv*/nfvk* (prefixes this project reserves);
#   - instance directories under /var/lib/nfv-lightvirt/instances carrying our marker file.
# With --owner ID only that owner's containers, networks, domains and instance directories
# (nfvlv.ID.*) go; links (named by hash) and the shared image are left then.
# Run it when no nfv-lightvirt process is running: it cannot tell a leftover from a live guest.
# Then scripts/check-leftovers.sh shows what remains.
set -uo pipefail
owner=
if [[ ${1:-} == --owner ]]; then
  owner=${2:?"--owner needs an owner id"}
elif [[ -n ${1:-} ]]; then
  echo "usage: $0 [--owner ID]" >&2; exit 2
fi
source "$(dirname "$0")/ours.sh"
LABEL=$NFVLV_LABEL
filters=(--filter "label=$LABEL")
[[ -n $owner ]] && filters+=(--filter "label=io.nfvlightvirt.owner=$owner")
say() { echo "[cleanup] $*"; }

if [[ -S /var/run/docker.sock ]] && command -v docker >/dev/null; then
  for c in $(docker ps -aq "${filters[@]}"); do say "docker container $c"; docker rm -f "$c" >/dev/null; done
  for n in $(docker network ls -q "${filters[@]}"); do say "docker network $n"; docker network rm "$n" >/dev/null; done
  if [[ -z $owner ]]; then
    for i in $(docker images --filter "label=$LABEL" --filter "reference=nfvlv-vnf" --format '{{.Repository}}:{{.Tag}}'); do
      say "docker image $i"; docker rmi "$i" >/dev/null || true
    done
  fi
fi

for d in $(ours_domains "$owner"); do
  say "libvirt domain $d"
  virsh -c qemu:///system destroy "$d" >/dev/null 2>&1
  virsh -c qemu:///system undefine "$d" >/dev/null 2>&1
done

if [[ -z $owner ]]; then
  # taps and veths first, bridges last
  for l in $(ours_links | sort -r); do say "link $l"; ip link del "$l" 2>/dev/null || true; done
  for ns in $(ours_netns); do say "network namespace $ns"; ip netns del "$ns" || true; done
fi
for dir in $(ours_instance_dirs "$owner"); do
  [[ -L $dir ]] && { say "skipping $dir: a link, not a directory this project made"; continue; }
  say "instance directory $dir"; rm -rf -- "$dir"
done
say "done"
