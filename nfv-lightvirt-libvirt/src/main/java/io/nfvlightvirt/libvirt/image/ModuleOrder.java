package io.nfvlightvirt.libvirt.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order to load kernel modules in, read from {@code modules.dep} as {@code modprobe} reads it:
 * a module's dependencies are listed so that the last one is loaded first.
 */
final class ModuleOrder {
    private final Map<String, String> pathByName = new HashMap<>();
    private final Map<String, List<String>> depsByPath = new HashMap<>();

    private ModuleOrder(String modulesDep) {
        for (String line : modulesDep.split("\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() || colon < 0) {
                continue;
            }
            String path = line.substring(0, colon).strip();
            String rest = line.substring(colon + 1).strip();
            List<String> deps = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            depsByPath.put(path, deps);
            pathByName.put(name(path), path);
        }
    }

    /**
     * @param modulesDep the text of {@code /lib/modules/RELEASE/modules.dep}
     * @return the parsed dependency table
     */
    static ModuleOrder parse(String modulesDep) {
        return new ModuleOrder(modulesDep);
    }

    /**
     * @param path a module path such as {@code kernel/drivers/net/virtio_net.ko} (or {@code .ko.xz})
     * @return its module name, {@code virtio_net} ({@code -} and {@code _} are the same to the kernel)
     */
    static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return (ko < 0 ? file : file.substring(0, ko)).replace('-', '_');
    }

    /**
     * @param modules the modules wanted, e.g. {@code virtio_pci, virtio_net}
     * @return the paths (relative to the modules directory) of those modules and all their
     *     dependencies, each once, every module after the ones it depends on
     * @throws IllegalArgumentException naming a module that modules.dep does not list
     */
    List<String> loadOrder(List<String> modules) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String m : modules) {
            String path = pathByName.get(m.replace('-', '_'));
            if (path == null) {
                throw new IllegalArgumentException("kernel module '" + m + "' is not in modules.dep (is it built in, or missing?)");
            }
            visit(path, ordered, new HashSet<>());
        }
        return new ArrayList<>(ordered);
    }

    private void visit(String path, Set<String> ordered, Set<String> onStack) {
        if (ordered.contains(path) || !onStack.add(path)) {
            return;
        }
        List<String> deps = depsByPath.getOrDefault(path, List.of());
        for (int i = deps.size() - 1; i >= 0; i--) { // modprobe loads the last listed dependency first
            visit(deps.get(i), ordered, onStack);
        }
        ordered.add(path);
    }
}
