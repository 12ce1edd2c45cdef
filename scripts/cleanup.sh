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
LABEL=io.nfvlightvirt.managed=true
INSTANCES=/var/lib/nfv-lightvirt/instances
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

if command -v virsh >/dev/null && virsh -c qemu:///system version >/dev/null 2>&1; then
  for d in $(virsh -c qemu:///system list --all --name 2>/dev/null); do
    xml=$(virsh -c qemu:///system dumpxml "$d" 2>/dev/null) || continue
    grep -qF 'nfv-lightvirt.io/xmlns/libvirt-domain' <<<"$xml" || continue
    [[ -n $owner ]] && ! grep -qF "<nfvlv:owner>$owner</nfvlv:owner>" <<<"$xml" && continue
    say "libvirt domain $d"
    virsh -c qemu:///system destroy "$d" >/dev/null 2>&1
    virsh -c qemu:///system undefine "$d" >/dev/null 2>&1
  done
fi

if [[ -z $owner ]]; then
  # taps and veths first, bridges last
  for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^nfv(lv|k)' | sort -r); do
    say "link $l"; ip link del "$l" 2>/dev/null || true
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^nfv(lv|k)'); do
    say "network namespace $ns"; ip netns del "$ns" || true
  done
fi
pattern="*"
[[ -n $owner ]] && pattern="nfvlv.$owner.*"
for dir in "$INSTANCES"/$pattern; do
  # a real directory of ours only: never follow a link out of the instances directory
  [[ -d $dir && ! -L $dir && -f $dir/.nfv-lightvirt-instance ]] || continue
  say "instance directory $dir"; rm -rf -- "$dir"
done
say "done"
