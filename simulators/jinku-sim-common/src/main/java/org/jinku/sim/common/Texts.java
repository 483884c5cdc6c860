package org.jinku.sim.common;

import java.nio.charset.StandardCharsets;

/** Reasons and free texts the node limits in length. */
public final class Texts {

    /** What a refusal or return reason may hold (bytes), as the node and deployed libraries allow. */
    public static final int MAX_REASON_BYTES = 200;

    private Texts() {
    }

    /** The text cut to at most {@code maxBytes} UTF-8 bytes (never in the middle of a character). */
    public static String limit(String text, int maxBytes) {
        if (text == null) {
            return "";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes - 3) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return sb.append("...").toString();
    }

    public static String reason(String text) {
        return limit(text, MAX_REASON_BYTES);
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The first of the values that is not blank, or null. */
    public static String first(String... values) {
        for (String v : values) {
            if (!blank(v)) {
                return v;
            }
        }
        return null;
    }
}
