package org.jinku.eseal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class SealImagesTest {

    @Test
    void roundSealIsARedPngOfTheAskedSize() throws IOException {
        byte[] png = SealImages.round("测试银行财务专用章 TEST BANK", 240);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(240, image.getWidth());
        assertEquals(240, image.getHeight());
        assertEquals(0, image.getRGB(0, 0) >>> 24, "corners are transparent");
        int centre = image.getRGB(120, 120);
        assertTrue((centre >>> 24) > 200 && ((centre >> 16) & 0xFF) > 150 && (centre & 0xFF) < 80,
                "the star in the middle is red: " + Integer.toHexString(centre));
    }

    @Test
    void emptyTextAndSizeLimits() throws IOException {
        assertEquals(64, ImageIO.read(new ByteArrayInputStream(SealImages.round("", 64))).getWidth());
        assertThrows(IllegalArgumentException.class, () -> SealImages.round("x", 8));
    }
}
