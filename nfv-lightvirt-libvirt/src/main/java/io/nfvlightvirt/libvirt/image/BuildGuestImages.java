package io.nfvlightvirt.libvirt.image;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line: fills the image cache ahead of time and prints what it holds.
 *
 * <pre>
 * java -cp ... io.nfvlightvirt.libvirt.image.BuildGuestImages [tinyx|tinyx-xen|tinyx-cloud|debian|all]...
 * </pre>
 *
 * Progress goes to standard error; the result (paths, sizes, provenance, how long this call took)
 * to standard output as text and then as one JSON object. The cache is {@link GuestImages#defaultCacheDir()}.
 */
public final class BuildGuestImages {
    private BuildGuestImages() {}

    /**
     * @param args which images: {@code tinyx} (compiled, else cloud kernel), {@code tinyx-xen},
     *     {@code tinyx-cloud}, {@code debian}, {@code all} (tinyx and debian); none means all
     */
    public static void main(String[] args) {
        List<String> wanted = new ArrayList<>(args.length == 0 ? List.of("all") : List.of(args));
        if (wanted.remove("all")) {
            wanted.addAll(List.of("tinyx", "debian"));
        }
        GuestImages images = new GuestImages(GuestImages.defaultCacheDir());
        BuildProgress progress = step -> System.err.println("[images] " + step);
        List<Map<String, Object>> results = new ArrayList<>();
        for (String what : wanted) {
            Instant start = Instant.now();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image", what);
            switch (what) {
                case "tinyx", "tinyx-xen", "tinyx-cloud" -> {
                    TinyxImage t = switch (what) {
                        case "tinyx-xen" -> images.tinyx(TinyxFlavor.XEN, progress);
                        case "tinyx-cloud" -> images.tinyx(TinyxFlavor.DEBIAN_CLOUD_KERNEL, progress);
                        default -> images.tinyx(progress);
                    };
                    r.put("kernel", t.kernel().toString());
                    r.put("initramfs", t.initramfs().toString());
                    r.put("kernelRelease", t.kernelRelease());
                    r.put("sizeBytes", t.sizeBytes());
                    r.put("provenance", t.provenance());
                }
                case "debian" -> {
                    DebianImage d = images.debian(progress);
                    r.put("disk", d.disk().toString());
                    r.put("kernel", d.kernel().toString());
                    r.put("initrd", d.initrd().toString());
                    r.put("kernelCmdline", d.kernelCmdline());
                    r.put("sizeBytes", d.sizeBytes());
                    r.put("provenance", d.provenance());
                }
                default -> {
                    System.err.println("unknown image '" + what + "'; use tinyx, tinyx-xen, tinyx-cloud, debian or all");
                    System.exit(2);
                }
            }
            r.put("secondsThisCall", Duration.between(start, Instant.now()).toMillis() / 1000.0);
            results.add(r);
            System.out.println(what + ":");
            r.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        }
        System.out.println(toJson(Map.of("cacheDir", images.cacheDir().toString(), "images", results)));
    }

    static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(toJson(String.valueOf(k))).append(':').append(toJson(v)));
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            l.forEach(v -> sb.append(sb.length() > 1 ? "," : "").append(toJson(v)));
            return sb.append(']').toString();
        }
        if (o instanceof Number || o instanceof Boolean) {
            return String.valueOf(o);
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : String.valueOf(o).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
