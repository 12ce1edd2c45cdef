# Sourced by check-leftovers.sh and cleanup.sh: how the objects nfv-lightvirt creates on a host are
# recognised, in one place, so that the check and the cleanup always agree.
NFVLV_LABEL=io.nfvlightvirt.managed=true
NFVLV_INSTANCES=/var/lib/nfv-lightvirt/instances

# Names of libvirt domains whose metadata is in nfv-lightvirt's namespace; with an owner id, only
# that owner's. Nothing when libvirtd is not reachable.
ours_domains() {
  local owner=${1:-} d xml
  command -v virsh >/dev/null && virsh -c qemu:///system version >/dev/null 2>&1 || return 0
  for d in $(virsh -c qemu:///system list --all --name 2>/dev/null); do
    # read the XML whole first: grep -q ending a pipe early makes virsh fail under pipefail
    xml=$(virsh -c qemu:///system dumpxml "$d" 2>/dev/null) || continue
    grep -qF 'nfv-lightvirt.io/xmlns/libvirt-domain' <<<"$xml" || continue
    [[ -n $owner ]] && ! grep -qF "<nfvlv:owner>$owner</nfvlv:owner>" <<<"$xml" && continue
    echo "$d"
  done
}

# Host links and network namespaces named with the prefixes this project reserves (nfvlv*, nfvk*).
ours_links() { ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^nfv(lv|k)' || true; }
ours_netns() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^nfv(lv|k)' || true; }

# Instance directories carrying the marker file; with an owner id, only that owner's (nfvlv.OWNER.*).
ours_instance_dirs() {
  local pattern="*" dir
  [[ -n ${1:-} ]] && pattern="nfvlv.$1.*"
  for dir in "$NFVLV_INSTANCES"/$pattern; do
    [[ -d $dir && -f $dir/.nfv-lightvirt-instance ]] && echo "$dir"
  done
  return 0
}
