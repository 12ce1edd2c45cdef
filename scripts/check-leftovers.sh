#!/usr/bin/env bash
# Lists every engine object and host link nfv-lightvirt labels as its own. Exits 1 if any is left.
# Read-only: it removes nothing (scripts/cleanup.sh removes what it lists).
set -uo pipefail
source "$(dirname "$0")/ours.sh"
LABEL=$NFVLV_LABEL
found=0
report() { # what, lines
  if [[ -n $2 ]]; then echo "[leftovers] $1:"; sed 's/^/    /' <<<"$2"; found=1; fi
}
if [[ -S /var/run/docker.sock ]] && command -v /usr/bin/docker >/dev/null; then
  report "docker containers" "$(/usr/bin/docker ps -a --filter label=$LABEL --format '{{.ID}} {{.Names}} {{.Status}}')"
  report "docker networks" "$(/usr/bin/docker network ls --filter label=$LABEL --format '{{.ID}} {{.Name}}')"
  report "docker images" "$(/usr/bin/docker images --filter label=$LABEL --format '{{.ID}} {{.Repository}}:{{.Tag}}')"
fi
report "libvirt domains" "$(ours_domains)"
report "network links" "$(ours_links)"
report "network namespaces" "$(ours_netns)"
report "instance directories" "$(ours_instance_dirs)"
if ((found)); then echo "[leftovers] FAIL: objects of ours are left on the host"; exit 1; fi
echo "[leftovers] none: no container, network, image, domain, link, namespace or instance directory of ours is left"
