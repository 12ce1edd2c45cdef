package io.nfvlightvirt;

import java.util.Objects;

/**
 * A value given to nfv-lightvirt breaks a rule. The message names the field, the value and the
 * rule; the same three are available as {@link #field()}, {@link #value()} and {@link #rule()}.
 * Thrown when a value is built and by {@code create} before the engine is touched, so that an
 * invalid request leaves nothing behind.
 */
public class InvalidSpecException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String rule;

    /**
     * @param field the field that is wrong, e.g. {@code "memoryBytes"}
     * @param value the offending value, as given
     * @param rule what is allowed, e.g. {@code "must be at least 16 MiB (16777216)"}
     */
    public InvalidSpecException(String field, Object value, String rule) {
        super("invalid " + field + " " + render(value) + ": " + rule);
        this.field = Objects.requireNonNull(field, "field");
        this.value = String.valueOf(value);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /**
     * @param field the field that is wrong
     * @param value the offending value, as given
     * @param rule what is allowed
     * @param cause the engine's exception when the engine rejected the value
     */
    public InvalidSpecException(String field, Object value, String rule, Throwable cause) {
        super("invalid " + field + " " + render(value) + ": " + rule, cause);
        this.field = Objects.requireNonNull(field, "field");
        this.value = String.valueOf(value);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    private static String render(Object value) {
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }

    /** @return the name of the field that is wrong */
    public String field() {
        return field;
    }

    /** @return the offending value, as a string */
    public String value() {
        return value;
    }

    /** @return the rule the value breaks */
    public String rule() {
        return rule;
    }
}
