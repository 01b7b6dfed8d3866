package io.homeostat.runtime.untrusted;

/**
 * Renders text from events and logs (principals, user agents, resource names, tag values) so that a person or a
 * model reading it can always tell where it starts and stops: single-quoted, inner quotes and backslashes escaped,
 * every control, format and line/paragraph-separator character (ASCII and Unicode, including C1 controls such as
 * NEL and CSI, and bidi overrides) replaced by a space, and cut at a bound without splitting a character.
 */
public final class UntrustedText {

    public static final int DEFAULT_MAX_CODE_POINTS = 200;

    private UntrustedText() {}

    public static String quote(String value) {
        return quote(value, DEFAULT_MAX_CODE_POINTS);
    }

    public static String quote(String value, int maxCodePoints) {
        if (value == null) {
            return "'unknown'";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxCodePoints) + 8).append('\'');
        int kept = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (kept == maxCodePoints) {
                out.append('…');
                break;
            }
            kept++;
            if (isInvisibleOrBreaking(cp)) {
                out.append(' ');
            } else if (cp == '\'' || cp == '\\') {
                out.append('\\').append((char) cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append('\'').toString();
    }

    private static boolean isInvisibleOrBreaking(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE // a lone half of a pair
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }
}
