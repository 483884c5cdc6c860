package org.jinku.adapter.legacysoap.internal.pdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Jdk14Logger;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jinku.adapter.legacysoap.internal.pdf.VoucherPdf.Field;
import org.jinku.adapter.legacysoap.internal.pdf.VoucherPdf.Seal;
import org.jinku.adapter.legacysoap.internal.pdf.VoucherPdf.Signature;
import org.jinku.adapter.legacysoap.internal.pdf.VoucherPdf.Spec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parses VoucherPdf's output with Apache PDFBox (and checks the cross-reference table byte by byte), because a
 * hand-written PDF is only as good as the strictest reader that opens it.
 */
class VoucherPdfTest {

    private static final List<String> COLUMNS = List.of("序号", "预算单位", "功能科目", "收款人账号", "收款人名称",
            "收款人开户行", "支付金额");

    /** PDFBox logs through commons-logging to java.util.logging here; a recovered parse error shows up as WARN. */
    private final Logger pdfbox = Logger.getLogger("org.apache.pdfbox");
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        assertTrue(LogFactory.getLog("org.apache.pdfbox.pdfparser.COSParser") instanceof Jdk14Logger,
                "PDFBox must log to java.util.logging for the no-warnings checks to mean anything");
        pdfbox.addHandler(recorder);
    }

    @AfterEach
    void stopListening() {
        pdfbox.removeHandler(recorder);
    }

    @Test
    void rendersThe5201VoucherOnOnePage() throws IOException {
        Spec spec = spec5201(3);
        byte[] pdf = VoucherPdf.render(spec, 0);
        System.out.println("5201 voucher, 3 lines: " + pdf.length + " bytes");
        assertEquals(1, VoucherPdf.pageCount(spec));
        try (PDDocument doc = parse(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            String text = text(doc);
            assertTrue(text.contains("EX-SEAL1"), text);
            assertTrue(text.contains("收款人名称"), text);
            assertTrue(text.contains("沈阳市启明教学设备有限公司"), text);
            assertTrue(text.contains("1500.50"), text);
            assertTrue(text.contains("500.50"), text);
            assertTrue(text.contains("辽宁省财政厅：张三"), text);
            assertTrue(text.contains("第 1 页 / 共 1 页"), text);
            assertEquals(1, images(doc.getPage(0)));
            assertEquals("辽宁省财政国库支付凭证", doc.getDocumentInformation().getTitle());
        }
        assertNoWarnings();
    }

    @Test
    void spreads120LinesOverSeveralPages() throws IOException {
        Spec spec = spec5201(120);
        int n = VoucherPdf.pageCount(spec);
        assertTrue(n >= 3, "pages: " + n);
        try (PDDocument doc = parse(VoucherPdf.render(spec, 0))) {
            assertEquals(n, doc.getNumberOfPages());
            List<String> pages = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(doc));
                assertTrue(pages.get(i - 1).contains("第 " + i + " 页 / 共 " + n + " 页"), pages.get(i - 1));
                assertTrue(pages.get(i - 1).contains("EX-SEAL1"), "key line on every page");
                assertTrue(pages.get(i - 1).contains("收款人账号"), "column labels repeated on every page");
                assertEquals(i == n ? 1 : 0, images(doc.getPage(i - 1)), "seal only on the last page");
            }
            String all = String.join("", pages);
            for (int line = 1; line <= 120; line++) {
                assertEquals(1, count(all, String.format("EX-SEAL1-%03d", line)), "line " + line + " exactly once");
            }
            assertTrue(pages.get(n - 1).contains("EX-SEAL1-120"));
            assertTrue(pages.get(n - 1).contains("证书序列号 4A3F0001"));
            assertFalse(pages.get(0).contains("证书序列号"));
        }
        byte[] second = VoucherPdf.render(spec, 2);
        try (PDDocument doc = parse(second)) {
            assertEquals(1, doc.getNumberOfPages());
            String text = text(doc);
            assertTrue(text.contains("第 2 页 / 共 " + n + " 页"), text);
            assertFalse(text.contains("EX-SEAL1-001"), "line 1 is on page 1");
            assertFalse(text.contains("付款人账号"), "header grid only on page 1");
        }
        try (PDDocument doc = parse(VoucherPdf.render(spec, n))) {
            assertEquals(1, images(doc.getPage(0)));
        }
        assertNoWarnings();
    }

    @Test
    void keepsSignaturesWithTheLastLinesWhateverTheLineCount() throws IOException {
        for (int lines = 1; lines <= 130; lines++) {
            Spec spec = spec5201(lines);
            int n = VoucherPdf.pageCount(spec);
            try (PDDocument doc = parse(VoucherPdf.render(spec, n))) {
                String last = text(doc);
                assertTrue(last.contains(String.format("EX-SEAL1-%03d", lines)), lines + " lines: " + last);
                assertTrue(last.contains("证书序列号 4A3F0001"), lines + " lines: " + last);
                assertTrue(last.contains("第 " + n + " 页 / 共 " + n + " 页"), lines + " lines: " + last);
            }
        }
        assertNoWarnings();
    }

    @Test
    void refusesPagesOutOfRange() {
        Spec spec = spec5201(60);
        assertEquals(2, VoucherPdf.pageCount(spec));
        assertEquals("page 5 of 2",
                assertThrows(IllegalArgumentException.class, () -> VoucherPdf.render(spec, 5)).getMessage());
        assertEquals("page 3 of 2",
                assertThrows(IllegalArgumentException.class, () -> VoucherPdf.render(spec, 3)).getMessage());
        assertEquals("page -1 of 2",
                assertThrows(IllegalArgumentException.class, () -> VoucherPdf.render(spec, -1)).getMessage());
    }

    @Test
    void truncatesLongTextAndSurvivesAwkwardCharacters() throws IOException {
        String longName = "沈阳市".repeat(40) + "有限公司";
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.add(null);
        Spec spec = new Spec("凭证 (test) \\ <x>", null,
                List.of(new Field("收款人名称", "PayeeAcctName", longName), new Field(null, "X", null),
                        new Field("摘要", "PaySummaryName", "emoji \uD83D\uDE00 tab\tend")),
                columns, List.of(List.of("1", "A", "B", "C", longName, "D", "1.00"), List.of()),
                List.of(), List.of());
        try (PDDocument doc = parse(VoucherPdf.render(spec, 0))) {
            String text = text(doc);
            assertTrue(text.contains("凭证 (test) \\ <x>"), text);
            assertTrue(text.matches("(?s).*\\n收款人名称 (沈阳市)+沈?阳?…\\n.*"), text);
            assertFalse(text.contains("有限公司"), "the tail of an overlong value is cut");
            assertTrue(text.contains("emoji ? tab end"), "non-BMP as '?', control characters as spaces: " + text);
        }
        assertNoWarnings();
    }

    @Test
    void rendersAVoucherWithoutLinesSignaturesOrSeals() throws IOException {
        Spec empty = new Spec("空凭证", "210000 2026 5201 E0", null, null, null, null, null);
        assertEquals(1, VoucherPdf.pageCount(empty));
        try (PDDocument doc = parse(VoucherPdf.render(empty, 1))) {
            assertEquals(1, doc.getNumberOfPages());
            assertTrue(text(doc).contains("空凭证"));
            assertEquals(0, images(doc.getPage(0)));
        }
        assertNoWarnings();
    }

    @Test
    void keepsSealTransparencyAsSoftMaskAndRefusesNonImages() throws IOException {
        assertTrue(new String(VoucherPdf.render(spec5201(1), 0), StandardCharsets.ISO_8859_1).contains("/SMask"));
        BufferedImage opaque = new BufferedImage(50, 80, BufferedImage.TYPE_INT_RGB);
        Spec plain = withSeal(spec5201(1), png(opaque));
        String raw = new String(VoucherPdf.render(plain, 0), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("/SMask"));
        try (PDDocument doc = parse(raw.getBytes(StandardCharsets.ISO_8859_1))) {
            PDImageXObject image = (PDImageXObject) doc.getPage(0).getResources()
                    .getXObject(doc.getPage(0).getResources().getXObjectNames().iterator().next());
            assertEquals(50, image.getWidth());
            assertEquals(80, image.getHeight());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VoucherPdf.render(withSeal(spec5201(1), "not a png".getBytes(StandardCharsets.US_ASCII)), 0));
        assertTrue(e.getMessage().contains("财政局电子印章"), e.getMessage());
        assertNoWarnings();
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(VoucherPdf.render(spec5201(3), 0), VoucherPdf.render(spec5201(3), 0));
    }

    // ---- checks ----

    /** Parses with PDFBox after checking xref entries, startxref and stream lengths against the raw bytes. */
    private static PDDocument parse(byte[] pdf) throws IOException {
        String raw = new String(pdf, StandardCharsets.ISO_8859_1); // one char per byte: indexes are offsets
        assertTrue(raw.startsWith("%PDF-1.4\n"));
        assertTrue(raw.endsWith("%%EOF\n"));
        Matcher start = Pattern.compile("startxref\n(\\d+)\n%%EOF\n$").matcher(raw);
        assertTrue(start.find(), "startxref");
        int xref = Integer.parseInt(start.group(1));
        assertTrue(raw.startsWith("xref\n0 ", xref), "startxref points at the xref table");
        Matcher header = Pattern.compile("xref\n0 (\\d+)\n").matcher(raw).region(xref, raw.length());
        assertTrue(header.lookingAt());
        int size = Integer.parseInt(header.group(1));
        int entries = header.end();
        assertEquals("0000000000 65535 f \n", raw.substring(entries, entries + 20));
        for (int i = 1; i < size; i++) {
            String entry = raw.substring(entries + 20 * i, entries + 20 * (i + 1));
            assertTrue(entry.matches("\\d{10} 00000 n \n"), "entry " + i + ": " + entry);
            assertTrue(raw.startsWith(i + " 0 obj\n", Integer.parseInt(entry.substring(0, 10))), "offset of " + i);
        }
        assertTrue(raw.startsWith("trailer\n<< /Size " + size + " ", entries + 20 * size));
        Matcher stream = Pattern.compile("/Length (\\d+) >>\nstream\n").matcher(raw);
        while (stream.find()) {
            assertTrue(raw.startsWith("\nendstream\nendobj\n", stream.end() + Integer.parseInt(stream.group(1))),
                    "stream length at " + stream.start());
        }
        PDDocument doc = PDDocument.load(pdf);
        for (COSObject o : doc.getDocument().getObjects()) {
            COSBase resolved = o.getObject(); // dereference every object, as a careful reader would
            assertNotNull(resolved, "object " + o.getObjectNumber());
        }
        return doc;
    }

    private void assertNoWarnings() {
        // A predefined font has no font file: PDFBox substitutes one of the machine's fonts and says so. That is
        // expected of every non-embedded font; anything else (xref repair, bad lengths, ...) fails the test.
        List<String> unexpected = warnings.stream().map(LogRecord::getMessage)
                .filter(m -> !m.matches("Using fallback \\S+ for CID-keyed font STSong-Light"))
                .toList();
        assertEquals(List.of(), unexpected);
    }

    private static String text(PDDocument doc) throws IOException {
        return new PDFTextStripper().getText(doc);
    }

    private static int images(PDPage page) throws IOException {
        PDResources resources = page.getResources();
        int n = 0;
        for (var name : resources.getXObjectNames()) {
            n += resources.getXObject(name) instanceof PDImageXObject ? 1 : 0;
        }
        return n;
    }

    private static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }

    // ---- fixtures ----

    /** Like /tmp/jinku/5201-seal.json: a 5201 (authorised payment) voucher of {@code lines} lines. */
    private static Spec spec5201(int lines) {
        List<Field> header = List.of(new Field("区划代码", "AdmDivCode", "210000"),
                new Field("年度", "StYear", "2026"), new Field("凭证号", "VoucherNo", "EX-SEAL1"),
                new Field("凭证日期", "VouDate", "20260316"), new Field("资金性质", "FundTypeName", "一般公共预算资金"),
                new Field("支付方式", "PayTypeName", "直接支付"), new Field("一级预算单位", "SupDepName", "辽宁省教育厅"),
                new Field("付款人账号", "PayAcctNo", "21001370100052500001"),
                new Field("付款人名称", "PayAcctName", "辽宁省财政厅零余额账户"),
                new Field("付款人开户行", "PayAcctBankName", "中国建设银行辽宁省分行营业部"),
                new Field("用途", "PaySummaryName", "教学设备及图书采购款"), new Field("金额", "PayAmt", "1500.50"));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            rows.add(List.of(String.format("EX-SEAL1-%03d", i), "辽宁省教育厅机关", "2050201 学前教育",
                    i % 2 == 1 ? "21050110080000000123" : "6217000010001234567",
                    i % 2 == 1 ? "沈阳市启明教学设备有限公司" : "沈阳市育才图书发行有限公司",
                    "中国建设银行沈阳和平支行", i % 2 == 1 ? "1000.00" : "500.50"));
        }
        return new Spec("辽宁省财政国库支付凭证", "210000 2026 5201 EX-SEAL1  已签章", header, COLUMNS, rows,
                List.of(new Signature("A", "辽宁省财政厅", "张三", "4A3F0001", "2026-03-16 10:21:07"),
                        new Signature("B", "中国建设银行辽宁省分行", "李四", "", null)),
                List.of(new Seal("A", "财政局电子印章", png(seal()))));
    }

    private static Spec withSeal(Spec s, byte[] png) {
        return new Spec(s.title(), s.subtitle(), s.header(), s.detailColumns(), s.detailRows(), s.signatures(),
                List.of(new Seal("A", "财政局电子印章", png)));
    }

    /** A red ring with a star-ish mark on a transparent background, like an e-seal image. */
    private static BufferedImage seal() {
        BufferedImage img = new BufferedImage(200, 200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220, 20, 20, 230));
        g.setStroke(new BasicStroke(8));
        g.drawOval(10, 10, 180, 180);
        g.fillOval(85, 85, 30, 30);
        g.dispose();
        return img;
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
