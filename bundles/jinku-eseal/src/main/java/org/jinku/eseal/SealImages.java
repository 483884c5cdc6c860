package org.jinku.eseal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Seal pictures (印模) for the box: a red round seal drawn with java.awt on an image in memory, which needs no
 * display. Without CJK fonts on the machine Chinese characters may come out as boxes; the seal stays usable.
 */
public final class SealImages {

    private static final Color SEAL_RED = new Color(0xD0, 0x10, 0x10);

    private SealImages() {
    }

    /**
     * A red round seal of {@code px}×{@code px} pixels (transparent outside the ring): {@code text} along the upper
     * arc, a five-pointed star in the middle. Returns PNG bytes.
     */
    public static byte[] round(String text, int px) {
        if (px < 32 || px > 4096) {
            throw new IllegalArgumentException("seal picture size " + px + " px is outside 32..4096");
        }
        String label = text == null ? "" : text.strip();
        BufferedImage image = new BufferedImage(px, px, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(SEAL_RED);
            double c = px / 2.0;
            float ring = Math.max(2f, px / 30f);
            g.setStroke(new BasicStroke(ring));
            int inset = Math.round(ring);
            g.drawOval(inset, inset, px - 2 * inset, px - 2 * inset);
            g.fill(star(c, c, px * 0.17, px * 0.065));
            if (!label.isEmpty()) {
                drawArc(g, label, c, px);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** Characters along the upper arc, each rotated to stand on the circle, spread over at most 240°. */
    private static void drawArc(Graphics2D g, String label, double c, int px) {
        int[] cps = label.codePoints().toArray();
        int n = cps.length;
        float size = (float) Math.max(8, Math.min(px * 0.13, px * 2.6 / Math.max(n, 1)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(size)));
        double radius = px / 2.0 - px / 30.0 - size * 1.05;
        double span = Math.min(Math.toRadians(240), n * size * 1.1 / radius);
        double start = -Math.PI / 2 - span / 2;
        double step = n > 1 ? span / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            double angle = n > 1 ? start + i * step : -Math.PI / 2;
            String ch = new String(Character.toChars(cps[i]));
            int w = g.getFontMetrics().stringWidth(ch);
            AffineTransform saved = g.getTransform();
            g.translate(c + radius * Math.cos(angle), c + radius * Math.sin(angle));
            g.rotate(angle + Math.PI / 2);
            g.drawString(ch, -w / 2f, size / 2f);
            g.setTransform(saved);
        }
    }

    private static Path2D star(double cx, double cy, double outer, double inner) {
        Path2D p = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            double x = cx + r * Math.cos(a);
            double y = cy + r * Math.sin(a);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }
}
