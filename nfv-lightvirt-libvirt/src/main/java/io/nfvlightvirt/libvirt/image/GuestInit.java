package io.nfvlightvirt.libvirt.image;

import java.util.List;

/**
 * The scripts that make a guest keep {@link GuestContract}: a shell library that reads
 * {@code nfvlv.ip=}/{@code nfvlv.gw=} from the kernel command line and configures the first
 * network interface (POSIX sh: runs under busybox ash in Tinyx and dash in Debian), the Tinyx
 * {@code /init}, and the Debian image's network script and systemd units.
 */
final class GuestInit {
    /** The environment variable that points the library at another file than /proc/cmdline (tests). */
    static final String CMDLINE_VARIABLE = "NFVLV_CMDLINE";

    private GuestInit() {}

    /**
     * @return shell functions {@code nfvlv_param NAME}, {@code nfvlv_valid_ipv4 S},
     *     {@code nfvlv_valid_cidr S}, {@code nfvlv_first_nic TENTHS} and {@code nfvlv_configure}
     */
    static String shellLibrary() {
        return """
                # --- nfv-lightvirt guest contract: network from the kernel command line ---
                # nfvlv_param NAME: the value of NAME=value on the kernel command line (the last one wins)
                nfvlv_param() {
                  nfvlv_v=
                  set -f
                  for nfvlv_w in $(cat "${NFVLV_CMDLINE:-/proc/cmdline}"); do
                    case "$nfvlv_w" in "$1"=*) nfvlv_v=${nfvlv_w#*=} ;; esac
                  done
                  set +f
                  printf '%s\\n' "$nfvlv_v"
                }
                # nfvlv_valid_ipv4 S: whether S is A.B.C.D with each part 0-255, no leading zeros (ip reads 010 as octal)
                nfvlv_valid_ipv4() {
                  case "$1" in ''|*[!0-9.]*|.*|*.|*..*) return 1 ;; esac
                  nfvlv_ifs=$IFS; IFS=.
                  set -f; set -- $1; set +f
                  IFS=$nfvlv_ifs
                  [ $# -eq 4 ] || return 1
                  for nfvlv_o in "$@"; do
                    case "$nfvlv_o" in 0?*) return 1 ;; esac
                    [ ${#nfvlv_o} -le 3 ] && [ "$nfvlv_o" -le 255 ] || return 1
                  done
                  return 0
                }
                # nfvlv_valid_cidr S: whether S is A.B.C.D/NN with NN 0-32
                nfvlv_valid_cidr() {
                  case "$1" in */*) ;; *) return 1 ;; esac
                  nfvlv_valid_ipv4 "${1%/*}" || return 1
                  nfvlv_p=${1#*/}
                  case "$nfvlv_p" in ''|*[!0-9]*|0?*) return 1 ;; esac
                  [ ${#nfvlv_p} -le 2 ] && [ "$nfvlv_p" -le 32 ]
                }
                # nfvlv_first_nic TENTHS: the first interface other than lo, waiting up to TENTHS/10 s for one
                nfvlv_first_nic() {
                  nfvlv_n=0
                  while :; do
                    for nfvlv_d in /sys/class/net/*; do
                      nfvlv_d=${nfvlv_d##*/}
                      case "$nfvlv_d" in lo|'*') ;; *) printf '%s\\n' "$nfvlv_d"; return 0 ;; esac
                    done
                    [ "$nfvlv_n" -lt "$1" ] || return 1
                    sleep 0.1
                    nfvlv_n=$((nfvlv_n + 1))
                  done
                }
                # nfvlv_configure: address (and route) from nfvlv.ip= / nfvlv.gw= on the first interface
                nfvlv_configure() {
                  nfvlv_addr=$(nfvlv_param nfvlv.ip)
                  nfvlv_gw=$(nfvlv_param nfvlv.gw)
                  if ! nfvlv_valid_cidr "$nfvlv_addr"; then
                    echo "nfvlv: no valid nfvlv.ip=A.B.C.D/NN on the kernel command line (got '$nfvlv_addr'); network not configured"
                    return 1
                  fi
                  if [ -n "$nfvlv_gw" ] && ! nfvlv_valid_ipv4 "$nfvlv_gw"; then
                    echo "nfvlv: ignoring invalid nfvlv.gw='$nfvlv_gw' (want A.B.C.D); no default route"
                    nfvlv_gw=
                  fi
                  ip link set lo up
                  if ! nfvlv_dev=$(nfvlv_first_nic 300); then
                    echo "nfvlv: no network interface appeared within 30 s"
                    return 1
                  fi
                  ip addr add "$nfvlv_addr" dev "$nfvlv_dev" || return 1
                  ip link set "$nfvlv_dev" up || return 1
                  if [ -n "$nfvlv_gw" ]; then ip route add default via "$nfvlv_gw" dev "$nfvlv_dev" || return 1; fi
                  echo "nfvlv: $nfvlv_dev $nfvlv_addr${nfvlv_gw:+ via $nfvlv_gw}"
                }
                """;
    }

    /**
     * @param modules kernel modules to load first, in order, as paths inside the initramfs (empty
     *     for a kernel with everything built in)
     * @return the Tinyx {@code /init}: mounts, modules, network, {@code iperf3 -s -D} on 5201, idle
     */
    static String tinyxInit(List<String> modules) {
        StringBuilder insmods = new StringBuilder();
        for (String m : modules) {
            insmods.append("insmod ").append(m).append(" || echo \"nfvlv: insmod ").append(m).append(" failed\"\n");
        }
        return """
                #!/bin/sh
                # nfv-lightvirt Tinyx /init (generated by GuestImages; see IMAGES.md)
                export PATH=/sbin:/bin:/usr/sbin:/usr/bin
                /bin/busybox --install -s
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev 2>/dev/null
                @MODULES@
                @LIBRARY@
                nfvlv_configure
                # -4: the Tinyx kernel has no IPv6
                iperf3 -s -D -4 -p @PORT@ || echo "nfvlv: iperf3 did not start"
                echo "nfvlv: ready"
                while :; do sleep 3600; done
                """.replace("@MODULES@", insmods.toString().strip())
                .replace("@LIBRARY@", shellLibrary().strip())
                .replace("@PORT@", Integer.toString(GuestContract.IPERF3_PORT));
    }

    /** @return the Debian image's {@code /usr/local/sbin/nfvlv-net}, run once at boot */
    static String debianNetworkScript() {
        return """
                #!/bin/sh
                # nfv-lightvirt: configure the network from nfvlv.ip= / nfvlv.gw= (generated by GuestImages)
                @LIBRARY@
                nfvlv_configure
                """.replace("@LIBRARY@", shellLibrary().strip());
    }

    /** @return the systemd unit that runs the network script, placed where ifupdown's networking.service runs */
    static String debianNetworkUnit() {
        return """
                [Unit]
                Description=nfv-lightvirt network from nfvlv.ip= and nfvlv.gw= on the kernel command line
                DefaultDependencies=no
                After=local-fs.target systemd-udev-trigger.service
                Before=network.target shutdown.target
                Wants=network.target
                Conflicts=shutdown.target

                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=/usr/local/sbin/nfvlv-net
                StandardOutput=journal+console

                [Install]
                WantedBy=multi-user.target
                """;
    }

    /** @return the systemd unit that keeps {@code iperf3 -s} running on 5201 */
    static String debianIperf3Unit() {
        return """
                [Unit]
                Description=nfv-lightvirt iperf3 server on TCP @PORT@
                After=network.target nfvlv-net.service

                [Service]
                ExecStart=/usr/bin/iperf3 -s -p @PORT@
                Restart=always
                RestartSec=1
                DynamicUser=yes

                [Install]
                WantedBy=multi-user.target
                """.replace("@PORT@", Integer.toString(GuestContract.IPERF3_PORT));
    }

    /** @return an initramfs-tools hook that puts the virtio and ext4 modules in the initrd and loads them */
    static String debianInitramfsHook() {
        return """
                #!/bin/sh
                # nfv-lightvirt: a small initrd (MODULES=list) that still finds /dev/vda and eth0
                PREREQ=""
                prereqs() { echo "$PREREQ"; }
                case "$1" in prereqs) prereqs; exit 0 ;; esac
                . /usr/share/initramfs-tools/hook-functions
                for m in virtio_pci virtio_blk virtio_net ext4; do
                  manual_add_modules "$m"
                  echo "$m" >>"${DESTDIR}/conf/modules"
                done
                """;
    }
}
