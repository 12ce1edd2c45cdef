package io.nfvlightvirt.internal;

import io.nfvlightvirt.InvalidSpecException;
import java.util.regex.Pattern;

/** Validation helpers for value types; not for users. Every failure names field, value and rule. */
public final class Checks {
    private Checks() {}

    /**
     * @param field field name
     * @param value value to check
     * @param <T> value type
     * @return value
     * @throws InvalidSpecException when value is null
     */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidSpecException(field, null, "is required");
        }
        return value;
    }

    /**
     * @param field field name
     * @param value value
     * @param pattern allowed pattern
     * @param rule human description of pattern
     * @return value
     * @throws InvalidSpecException when value does not match
     */
    public static String matches(String field, String value, Pattern pattern, String rule) {
        notNull(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidSpecException(field, value, rule);
        }
        return value;
    }

    /**
     * @param field field name
     * @param value value
     * @param min inclusive minimum
     * @param max inclusive maximum
     * @return value
     * @throws InvalidSpecException when out of range
     */
    public static long inRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidSpecException(field, value, "must be between " + min + " and " + max);
        }
        return value;
    }
}
