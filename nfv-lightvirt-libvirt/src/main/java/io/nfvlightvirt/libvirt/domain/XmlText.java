package io.nfvlightvirt.libvirt.domain;

/** Checks that text can be written in an XML 1.0 document (the writer escapes markup; it cannot escape these). */
final class XmlText {
    private XmlText() {}

    /**
     * @param field what the text is, for the message
     * @param text the text
     * @return the text
     * @throws IllegalArgumentException when it holds a character XML 1.0 forbids (most control characters)
     */
    static String check(String field, String text) {
        if (text == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        int bad = firstInvalid(text);
        if (bad >= 0) {
            throw new IllegalArgumentException(field + " holds character U+" + String.format("%04X", text.codePointAt(bad))
                    + " at index " + bad + ", which XML 1.0 does not allow");
        }
        return text;
    }

    /**
     * @param text text
     * @return the index of the first character XML 1.0 forbids, or -1
     */
    static int firstInvalid(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                return i;
            }
            i += Character.charCount(c);
        }
        return -1;
    }
}
