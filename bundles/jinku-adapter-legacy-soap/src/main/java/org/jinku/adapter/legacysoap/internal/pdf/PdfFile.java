package org.jinku.adapter.legacysoap.internal.pdf;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * The byte-level part of a hand-written PDF 1.4 file: numbered objects, Flate streams, the cross-reference table,
 * and the two shared resources {@link VoucherPdf} needs (the predefined CJK font and PNG images). Kept apart from
 * the layout so that everything that must be byte-exact (offsets, lengths) lives in one small place.
 * Objects are reserved first (so dictionaries can refer to objects written later) and written out in number order.
 */
final class PdfFile {

    /** Version line plus a comment of high-bit bytes, so transfer tools treat the file as binary. */
    private static final byte[] HEADER = {'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n', '%', (byte) 0xE2, (byte) 0xE3,
            (byte) 0xCF, (byte) 0xD3, '\n'};
    /** Seal images are drawn about 4 cm wide; more than this many pixels only makes the file bigger. */
    private static final int MAX_IMAGE_PIXELS = 600;
    private static final byte[] TO_UNICODE = toUnicodeCMap();

    /** An image XObject and its size in pixels (for the aspect ratio). */
    record Image(int ref, int width, int height) {}

    private final List<byte[]> objects = new ArrayList<>();

    int reserve() {
        objects.add(null);
        return objects.size();
    }

    void put(int ref, String body) {
        objects.set(ref - 1, body.getBytes(StandardCharsets.US_ASCII));
    }

    /** A Flate-compressed stream; {@code entries} are the dictionary's other entries (without {@code << >>}). */
    void putStream(int ref, String entries, byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            z.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream o = new ByteArrayOutputStream(z.size() + 128);
        ascii(o, "<< " + (entries.isEmpty() ? "" : entries + " ") + "/Filter /FlateDecode /Length " + z.size()
                + " >>\nstream\n");
        o.writeBytes(z.toByteArray());
        ascii(o, "\nendstream");
        objects.set(ref - 1, o.toByteArray());
    }

    /** Writes header, objects, cross-reference table and trailer; offsets are counted from the bytes written. */
    byte[] finish(int root, int info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER);
        long[] offsets = new long[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            byte[] body = objects.get(i);
            if (body == null) {
                throw new IllegalStateException("PDF object " + (i + 1) + " was reserved but never written");
            }
            offsets[i] = out.size();
            ascii(out, (i + 1) + " 0 obj\n");
            out.writeBytes(body);
            ascii(out, "\nendobj\n");
        }
        long xref = out.size();
        // Each entry is exactly 20 bytes ("nnnnnnnnnn ggggg n" + space + LF), as the format requires.
        StringBuilder sb = new StringBuilder("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (long offset : offsets) {
            sb.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        sb.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root ").append(root).append(" 0 R /Info ")
                .append(info).append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        ascii(out, sb.toString());
        return out.toByteArray();
    }

    /**
     * The predefined font STSong-Light (every PDF reader with CJK support has it or a substitute, so nothing is
     * embedded) as a Type0 font with the UniGB-UCS2-H CMap: show strings are plain UCS-2 code units.
     * Widths: CIDs 1-95 are the ASCII range in that CMap, declared half-width so that {@link PdfCanvas#width}
     * is exact; everything else is full-width (DW 1000). The ToUnicode CMap lets readers without the Adobe-GB1
     * tables still extract the text. Returns the Type0 font's object number.
     */
    int cjkFont() {
        int type0 = reserve();
        int cidFont = reserve();
        int descriptor = reserve();
        int toUnicode = reserve();
        put(type0, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H"
                + " /DescendantFonts [" + cidFont + " 0 R] /ToUnicode " + toUnicode + " 0 R >>");
        put(cidFont, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
                + " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
                + " /FontDescriptor " + descriptor + " 0 R /DW 1000 /W [1 95 500] >>");
        put(descriptor, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
                + " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>");
        putStream(toUnicode, "", TO_UNICODE);
        return type0;
    }

    /**
     * A PNG as an RGB image XObject; transparency becomes a soft mask so a seal does not hide the text under it.
     * Large images are scaled down first. Not a decodable image: IllegalArgumentException.
     */
    Image image(String what, byte[] png) {
        BufferedImage img;
        try {
            img = png == null ? null : ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not a readable PNG image", e);
        }
        if (img == null) {
            throw new IllegalArgumentException(what + ": not a readable PNG image");
        }
        img = shrink(img);
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        byte[] alpha = new byte[w * h];
        boolean translucent = false;
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
            alpha[i] = (byte) (p >>> 24);
            translucent |= (p >>> 24) != 0xFF;
        }
        String size = "/Type /XObject /Subtype /Image /Width " + w + " /Height " + h + " /BitsPerComponent 8";
        String smask = "";
        if (translucent) {
            int mask = reserve();
            putStream(mask, size + " /ColorSpace /DeviceGray", alpha);
            smask = " /SMask " + mask + " 0 R";
        }
        int ref = reserve();
        putStream(ref, size + " /ColorSpace /DeviceRGB" + smask, rgb);
        return new Image(ref, w, h);
    }

    /** A text string for the document information dictionary: UTF-16BE with byte-order mark, in hex. */
    static String text(String s) {
        StringBuilder sb = new StringBuilder("<FEFF");
        for (char c : s.toCharArray()) {
            sb.append(String.format(Locale.ROOT, "%04X", (int) c));
        }
        return sb.append('>').toString();
    }

    private static BufferedImage shrink(BufferedImage img) {
        int longest = Math.max(img.getWidth(), img.getHeight());
        if (longest <= MAX_IMAGE_PIXELS) {
            return img;
        }
        double f = (double) MAX_IMAGE_PIXELS / longest;
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return small;
    }

    /** Identity map from UCS-2 code to Unicode; a bfrange may only vary its last byte, hence one per high byte. */
    private static byte[] toUnicodeCMap() {
        List<String> ranges = new ArrayList<>();
        for (int hi = 0; hi < 256; hi++) {
            if (hi < 0xD8 || hi > 0xDF) { // surrogates are never shown (PdfCanvas maps them to '?')
                ranges.add(String.format(Locale.ROOT, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi));
            }
        }
        StringBuilder sb = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                + "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                + "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (int i = 0; i < ranges.size(); i += 100) { // at most 100 entries per block
            List<String> block = ranges.subList(i, Math.min(i + 100, ranges.size()));
            sb.append(block.size()).append(" beginbfrange\n").append(String.join("", block)).append("endbfrange\n");
        }
        sb.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
