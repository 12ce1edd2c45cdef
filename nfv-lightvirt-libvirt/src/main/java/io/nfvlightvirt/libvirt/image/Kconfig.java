package io.nfvlightvirt.libvirt.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel configuration ({@code .config} or a fragment) as an ordered map from symbol to value,
 * merged the way {@code scripts/kconfig/merge_config.sh -m} merges: later fragments override, new
 * symbols are appended. After {@code make olddefconfig} has resolved dependencies,
 * {@link #unmet(Map, Map)} lists what a fragment asked for and did not get (a dependency missing in
 * a newer kernel), which a build must not ignore.
 */
final class Kconfig {
    /** The value of a symbol written as {@code # CONFIG_X is not set}. */
    static final String NOT_SET = "n";
    private static final Pattern SET = Pattern.compile("(CONFIG_[A-Za-z0-9_]+)=(.*)");
    private static final Pattern UNSET = Pattern.compile("#\\s*(CONFIG_[A-Za-z0-9_]+) is not set\\s*");

    private Kconfig() {}

    /**
     * @param text a {@code .config} or fragment
     * @return symbol to value ({@value #NOT_SET} for "is not set"), in file order
     * @throws IllegalArgumentException naming the line that is neither a setting nor a comment
     */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher set = SET.matcher(line);
            Matcher unset = UNSET.matcher(line);
            if (set.matches()) {
                out.put(set.group(1), set.group(2));
            } else if (unset.matches()) {
                out.put(unset.group(1), NOT_SET);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                throw new IllegalArgumentException("kernel config line " + (i + 1) + " '" + lines[i]
                        + "' is neither CONFIG_X=value, '# CONFIG_X is not set' nor a comment");
            }
        }
        return out;
    }

    /**
     * @param base the configuration to start from (e.g. after {@code make tinyconfig})
     * @param fragments applied in order, each overriding what came before
     * @return the merged configuration
     */
    static Map<String, String> merge(Map<String, String> base, List<Map<String, String>> fragments) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (Map<String, String> f : fragments) {
            out.putAll(f);
        }
        return out;
    }

    /**
     * @param config a configuration
     * @return it as {@code .config} text
     */
    static String render(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        config.forEach((symbol, value) -> sb.append(NOT_SET.equals(value)
                ? "# " + symbol + " is not set" : symbol + "=" + value).append('\n'));
        return sb.toString();
    }

    /**
     * @param requested what the fragments asked for
     * @param result the configuration after {@code make olddefconfig}
     * @return one line per request that did not hold, e.g. {@code CONFIG_X: requested y, got not set};
     *     "not set" is met by a symbol that is absent (its dependencies are off)
     */
    static List<String> unmet(Map<String, String> requested, Map<String, String> result) {
        List<String> out = new ArrayList<>();
        requested.forEach((symbol, want) -> {
            String got = result.getOrDefault(symbol, NOT_SET);
            if (!want.equals(got)) {
                out.add(symbol + ": requested " + describe(want) + ", got " + describe(got));
            }
        });
        return out;
    }

    private static String describe(String value) {
        return NOT_SET.equals(value) ? "not set" : value;
    }
}
