package org.jinku.adapter.legacysoap.internal.pdf;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * One page's content stream, with the text metrics of the font {@link PdfFile#cjkFont()} declares (ASCII
 * half-width, everything else full-width), so that measuring and truncating here matches what readers draw.
 * Text is written as hex UCS-2 strings: no PDF string escaping can go wrong.
 */
final class PdfCanvas {

    /** Resource name of the CJK font on every page. */
    static final String FONT = "F1";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String ELLIPSIS = "…";

    private final StringBuilder ops = new StringBuilder("0.5 w 0.35 G\n"); // thin grey rules throughout

    /** The UCS-2 code drawn for a code point: no UCS-2 code beyond the BMP, and control characters draw nothing. */
    private static int code(int cp) {
        if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return '?';
        }
        return cp < 0x20 || cp == 0x7F ? ' ' : cp;
    }

    private static double advance(int cp) {
        return code(cp) < 0x80 ? 0.5 : 1.0;
    }

    static double width(String s, double size) {
        return s.codePoints().mapToDouble(PdfCanvas::advance).sum() * size;
    }

    /** {@code s} if it fits in {@code max} points, else as much of it as fits followed by "…". */
    static String fit(String s, double size, double max) {
        if (width(s, size) <= max) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        double w = width(ELLIPSIS, size);
        for (int cp : s.codePoints().toArray()) {
            w += advance(cp) * size;
            if (w > max) {
                break;
            }
            sb.appendCodePoint(cp);
        }
        return sb.append(ELLIPSIS).toString();
    }

    PdfCanvas text(double x, double y, double size, String s) {
        ops.append("BT /").append(FONT).append(' ').append(num(size)).append(" Tf ").append(num(x)).append(' ')
                .append(num(y)).append(" Td <");
        s.codePoints().map(PdfCanvas::code).forEach(c -> ops.append(HEX[c >> 12]).append(HEX[(c >> 8) & 15])
                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]));
        ops.append("> Tj ET\n");
        return this;
    }

    /** Text truncated to {@code max} points and aligned in that space: left, or right when {@code right}. */
    PdfCanvas text(double x, double y, double size, String s, double max, boolean right) {
        String t = fit(s, size, max);
        return text(right ? x + max - width(t, size) : x, y, size, t);
    }

    PdfCanvas centered(double centre, double y, double size, String s, double max) {
        String t = fit(s, size, max);
        return text(centre - width(t, size) / 2, y, size, t);
    }

    PdfCanvas fill(double x, double y, double w, double h, double gray) {
        ops.append("q ").append(num(gray)).append(" g ").append(rect(x, y, w, h)).append(" re f Q\n");
        return this;
    }

    PdfCanvas stroke(double x, double y, double w, double h) {
        ops.append(rect(x, y, w, h)).append(" re S\n");
        return this;
    }

    PdfCanvas image(String name, double x, double y, double w, double h) {
        ops.append("q ").append(num(w)).append(" 0 0 ").append(num(h)).append(' ').append(num(x)).append(' ')
                .append(num(y)).append(" cm /").append(name).append(" Do Q\n");
        return this;
    }

    byte[] bytes() {
        return ops.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String rect(double x, double y, double w, double h) {
        return num(x) + " " + num(y) + " " + num(w) + " " + num(h);
    }

    /** Two decimals are plenty at 1/72 inch, and never an exponent or a locale's decimal comma. */
    static String num(double v) {
        return BigDecimal.valueOf(Math.round(v * 100), 2).stripTrailingZeros().toPlainString();
    }
}
