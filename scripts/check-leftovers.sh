#!/usr/bin/env bash
# Lists every engine object and host link nfv-lightvirt labels as its own. Exits 1 if any is left.
# Read-only: it removes nothing (scripts/cleanup.sh removes what it lists).
set -uo pipefail
LABEL=io.nfvlightvirt.managed=true
found=0
report() { # what, lines
  if [[ -n $2 ]]; then echo "[leftovers] $1:"; sed 's/^/    /' <<<"$2"; found=1; fi
}
if [[ -S /var/run/docker.sock ]] && command -v /usr/bin/docker >/dev/null; then
  report "docker containers" "$(/usr/bin/docker ps -a --filter label=$LABEL --format '{{.ID}} {{.Names}} {{.Status}}')"
  report "docker networks" "$(/usr/bin/docker network ls --filter label=$LABEL --format '{{.ID}} {{.Name}}')"
  report "docker images" "$(/usr/bin/docker images --filter label=$LABEL --format '{{.ID}} {{.Repository}}:{{.Tag}}')"
fi
if command -v virsh >/dev/null && virsh -c qemu:///system version >/dev/null 2>&1; then
  doms=$(for d in $(virsh -c qemu:///system list --all --name 2>/dev/null); do
           # read the XML whole first: grep -q ending a pipe early makes virsh fail under pipefail
           xml=$(virsh -c qemu:///system dumpxml "$d" 2>/dev/null) || continue
           grep -q 'nfv-lightvirt.io/xmlns/libvirt-domain' <<<"$xml" && echo "$d"; done)
  report "libvirt domains" "$doms"
fi
report "network links" "$(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^nfv(lv|k)' || true)"
report "network namespaces" "$(ip netns list 2>/dev/null | grep -E '^nfv(lv|k)' || true)"
report "instance directories" "$(for d in /var/lib/nfv-lightvirt/instances/*/; do
  [[ -f $d/.nfv-lightvirt-instance ]] && echo "$d"; done 2>/dev/null)"
if ((found)); then echo "[leftovers] FAIL: objects of ours are left on the host"; exit 1; fi
echo "[leftovers] none: no container, network, image, domain, link, namespace or instance directory of ours is left"
