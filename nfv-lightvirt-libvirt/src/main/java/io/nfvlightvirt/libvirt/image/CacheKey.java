package io.nfvlightvirt.libvirt.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The content hash that names a cache entry: SHA-256 over named parts (recipe text, source package
 * versions, builder version). Each part is written length-prefixed, so ("ab", "c") and ("a", "bc")
 * give different keys; the order of the parts counts.
 */
final class CacheKey {
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Hex characters of the digest kept in an entry's name (80 bits: no collision in one cache). */
    static final int NAME_HEX_CHARS = 20;

    private final String kind;
    private final MessageDigest digest;
    private String name;

    private CacheKey(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("cache entry kind '" + kind + "' must match " + KIND);
        }
        this.kind = kind;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        part("kind", kind);
    }

    /** @param kind what the entry holds, e.g. {@code tinyx-kernel-qemu-kvm}; part of the entry's name */
    static CacheKey of(String kind) {
        return new CacheKey(kind);
    }

    /**
     * @param name what the part is, e.g. {@code "linux-source"}
     * @param value its content, e.g. the package version
     * @return this key
     */
    CacheKey part(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of part " + name);
        update(name);
        update(value);
        return this;
    }

    /**
     * @param name what the part is
     * @param value bytes, e.g. a file's content
     * @return this key
     */
    CacheKey part(String name, byte[] value) {
        Objects.requireNonNull(value, "value of part " + name);
        update(name);
        digest.update(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(value);
        return this;
    }

    private void update(String s) {
        if (name != null) {
            throw new IllegalStateException("cache key " + name + " is complete; no part can be added");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(b);
    }

    /** @return the entry's name, {@code kind-<20 hex>}; the key cannot be extended afterwards */
    String entryName() {
        if (name == null) {
            String hex = HexFormat.of().formatHex(digest.digest());
            name = kind + "-" + hex.substring(0, NAME_HEX_CHARS);
        }
        return name;
    }
}
