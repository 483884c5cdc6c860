package org.jinku.adapter.legacysoap.internal.pdf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Renders a voucher as the PDF that {@code exportPDF} returns: A4 pages with the title and key, the header fields
 * in a two-column label/value grid (first page), the detail lines as a table (as many pages as they need, column
 * labels repeated), and on the last page the signatures with the seal images beside them; every page is numbered
 * "第 i 页 / 共 n 页". Hand-written PDF 1.4 without a PDF library and without an embedded font (see
 * {@link PdfFile#cjkFont()}). Long text is truncated with "…" rather than wrapped, so every line has one height
 * and the page count follows from the number of lines alone.
 */
public final class VoucherPdf {

    public record Field(String label, String name, String value) {}

    public record Signature(String position, String label, String signer, String certSerial, String at) {}

    public record Seal(String position, String name, byte[] png) {}

    /** {@code subtitle} is the key line (AdmDivCode StYear VtCode VoucherNo, flag); null lists are empty. */
    public record Spec(String title, String subtitle, List<Field> header, List<String> detailColumns,
                       List<List<String>> detailRows, List<Signature> signatures, List<Seal> seals) {
        public Spec {
            header = copy(header);
            detailColumns = detailColumns == null ? List.of() // a label may be null: no List.copyOf
                    : Collections.unmodifiableList(new ArrayList<>(detailColumns));
            detailRows = copy(detailRows);
            signatures = copy(signatures);
            seals = copy(seals);
        }

        private static <T> List<T> copy(List<T> list) {
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    // A4 in points, and the vertical rhythm of the page (PDF y grows upwards from the bottom edge).
    private static final double PAGE_W = 595.28;
    private static final double PAGE_H = 841.89;
    private static final double MARGIN = 36; // half an inch
    private static final double BODY_W = PAGE_W - 2 * MARGIN;
    private static final double TITLE_SIZE = 16;
    private static final double SMALL = 9;
    private static final double TABLE_SIZE = 8;
    private static final double FIELD_ROW = 18;
    private static final double LABEL_W = 90;
    private static final double HEAD_ROW = 18;
    private static final double ROW = 16;
    private static final double SIG_LINE = 16;
    private static final double GAP = 12;
    private static final double PAD = 2;
    /** The body starts below title and key line. */
    private static final double BODY_TOP = PAGE_H - MARGIN - 42;
    /** Nothing but the page number goes below this. */
    private static final double BODY_BOTTOM = MARGIN + 20;
    /** 4 cm, the size of a seal on paper. */
    private static final double SEAL = 113.39;

    private VoucherPdf() {
    }

    /** Detail rows {@code from} (inclusive) to {@code to} (exclusive) go on a page; the last page has signatures. */
    private record Page(int from, int to, boolean last) {}

    public static int pageCount(Spec spec) {
        return plan(spec).size();
    }

    /** Page {@code pageNo} (1..n) as a one-page PDF, or all pages for 0; numbering is that of the whole voucher. */
    public static byte[] render(Spec spec, int pageNo) {
        Objects.requireNonNull(spec, "spec");
        List<Page> plan = plan(spec);
        int n = plan.size();
        if (pageNo < 0 || pageNo > n) {
            throw new IllegalArgumentException("page " + pageNo + " of " + n);
        }
        double[] columns = columnWidths(spec);
        PdfFile pdf = new PdfFile();
        int catalog = pdf.reserve();
        int pages = pdf.reserve();
        int font = pdf.cjkFont();
        StringBuilder kids = new StringBuilder();
        for (int k = pageNo == 0 ? 1 : pageNo; k <= (pageNo == 0 ? n : pageNo); k++) {
            Page page = plan.get(k - 1);
            PdfCanvas c = new PdfCanvas();
            StringBuilder xobjects = new StringBuilder();
            double y = top(spec, c, k == 1);
            if (page.to() > page.from()) {
                y = table(spec, columns, page, c, y);
            }
            if (page.last()) {
                signatures(spec, pdf, c, xobjects, y - GAP);
            }
            c.centered(PAGE_W / 2, MARGIN - 12, TABLE_SIZE, "第 " + k + " 页 / 共 " + n + " 页", BODY_W);
            int pageRef = pdf.reserve();
            int contents = pdf.reserve();
            pdf.putStream(contents, "", c.bytes());
            pdf.put(pageRef, "<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 " + PdfCanvas.num(PAGE_W) + " "
                    + PdfCanvas.num(PAGE_H) + "] /Resources << /ProcSet [/PDF /Text /ImageC] /Font << /"
                    + PdfCanvas.FONT + " " + font + " 0 R >>"
                    + (xobjects.length() == 0 ? "" : " /XObject << " + xobjects + ">>") + " >> /Contents " + contents
                    + " 0 R >>");
            kids.append(pageRef).append(" 0 R ");
        }
        pdf.put(pages, "<< /Type /Pages /Kids [" + kids.toString().trim() + "] /Count "
                + (pageNo == 0 ? n : 1) + " >>");
        pdf.put(catalog, "<< /Type /Catalog /Pages " + pages + " 0 R >>");
        int info = pdf.reserve();
        pdf.put(info, "<< /Title " + PdfFile.text(str(spec.title())) + " /Subject " + PdfFile.text(str(spec.subtitle()))
                + " /Producer (Jinku) >>");
        return pdf.finish(catalog, info);
    }

    /**
     * Splits the detail rows over pages. The signature block must fit under the last rows; if it does not, the last
     * line moves to a new page with it. Uses the same measures as the drawing code, so the two cannot disagree.
     */
    private static List<Page> plan(Spec spec) {
        List<Page> pages = new ArrayList<>();
        boolean table = !spec.detailColumns().isEmpty();
        int rows = table ? spec.detailRows().size() : 0;
        double signatures = signatureHeight(spec);
        int from = 0;
        for (boolean first = true; ; first = false) {
            double top = bodyTop(spec, first) - (table ? HEAD_ROW : 0);
            // At least one row per page, so that even an overlong header grid cannot stall the loop.
            int take = Math.min(rows - from, Math.max(1, (int) ((top - BODY_BOTTOM) / ROW)));
            if (from + take == rows && top - take * ROW - signatures >= BODY_BOTTOM) {
                pages.add(new Page(from, rows, true));
                return pages;
            }
            if (from + take == rows && take > 1) {
                take--; // carry the last line over, so the signatures are not on a page without the table
            }
            pages.add(new Page(from, from + take, false));
            from += take;
            if (from == rows) { // nothing left to carry over: the signature block alone on a last page
                pages.add(new Page(rows, rows, true));
                return pages;
            }
        }
    }

    private static double bodyTop(Spec spec, boolean first) {
        int gridRows = (spec.header().size() + 1) / 2;
        return first && gridRows > 0 ? BODY_TOP - gridRows * FIELD_ROW - GAP : BODY_TOP;
    }

    private static double signatureHeight(Spec spec) {
        if (spec.signatures().isEmpty() && spec.seals().isEmpty()) {
            return 0;
        }
        return GAP + Math.max(spec.signatures().size() * SIG_LINE, spec.seals().isEmpty() ? 0 : SEAL);
    }

    /** Title and key line on every page (a loose page still says which voucher it is); the header grid on page 1. */
    private static double top(Spec spec, PdfCanvas c, boolean first) {
        c.centered(PAGE_W / 2, PAGE_H - MARGIN - TITLE_SIZE, TITLE_SIZE, str(spec.title()), BODY_W);
        c.centered(PAGE_W / 2, PAGE_H - MARGIN - TITLE_SIZE - 16, SMALL, str(spec.subtitle()), BODY_W);
        if (!first) {
            return BODY_TOP;
        }
        double half = BODY_W / 2;
        for (int i = 0; i < spec.header().size(); i++) {
            Field f = spec.header().get(i);
            double x = MARGIN + (i % 2) * half;
            double y = BODY_TOP - (i / 2 + 1) * FIELD_ROW;
            c.fill(x, y, LABEL_W, FIELD_ROW, 0.93).stroke(x, y, LABEL_W, FIELD_ROW).stroke(x + LABEL_W, y,
                    half - LABEL_W, FIELD_ROW);
            double base = baseline(y + FIELD_ROW, FIELD_ROW, SMALL);
            c.text(x + PAD, base, SMALL, str(f.label()), LABEL_W - 2 * PAD, false);
            c.text(x + LABEL_W + PAD, base, SMALL, str(f.value()), half - LABEL_W - 2 * PAD, false);
        }
        return bodyTop(spec, true);
    }

    /** The column labels and this page's rows; returns the y below the table. */
    private static double table(Spec spec, double[] widths, Page page, PdfCanvas c, double top) {
        List<String> labels = spec.detailColumns();
        boolean[] amounts = amountColumns(spec);
        double x = MARGIN;
        double y = top - HEAD_ROW;
        c.fill(MARGIN, y, BODY_W, HEAD_ROW, 0.93);
        for (int j = 0; j < labels.size(); j++) {
            c.stroke(x, y, widths[j], HEAD_ROW);
            c.text(x + PAD, baseline(top, HEAD_ROW, TABLE_SIZE), TABLE_SIZE, str(labels.get(j)), widths[j] - 2 * PAD,
                    false);
            x += widths[j];
        }
        for (int i = page.from(); i < page.to(); i++) {
            List<String> row = spec.detailRows().get(i);
            x = MARGIN;
            for (int j = 0; j < labels.size(); j++) {
                c.stroke(x, y - ROW, widths[j], ROW);
                c.text(x + PAD, baseline(y, ROW, TABLE_SIZE), TABLE_SIZE, cell(row, j), widths[j] - 2 * PAD,
                        amounts[j]);
                x += widths[j];
            }
            y -= ROW;
        }
        return y;
    }

    /** One line per signature, the seals (4 cm, transparency kept) side by side at the right of the block. */
    private static void signatures(Spec spec, PdfFile pdf, PdfCanvas c, StringBuilder xobjects, double top) {
        double sealsWidth = spec.seals().size() * (SEAL + 6);
        double textWidth = Math.max(BODY_W / 2, BODY_W - sealsWidth);
        double y = top;
        for (Signature s : spec.signatures()) {
            String line = str(s.label()) + "：" + str(s.signer())
                    + (str(s.certSerial()).isEmpty() ? "" : "    证书序列号 " + s.certSerial())
                    + (str(s.at()).isEmpty() ? "" : "    签章时间 " + s.at());
            c.text(MARGIN, baseline(y, SIG_LINE, SMALL), SMALL, line, textWidth, false);
            y -= SIG_LINE;
        }
        double right = PAGE_W - MARGIN;
        for (int i = 0; i < spec.seals().size(); i++) {
            Seal seal = spec.seals().get(i);
            PdfFile.Image image = pdf.image("seal " + str(seal.name()) + " (" + str(seal.position()) + ")", seal.png());
            double scale = SEAL / Math.max(image.width(), image.height()); // fit a 4 cm square, keep the aspect
            double w = image.width() * scale;
            double h = image.height() * scale;
            String name = "Im" + (i + 1);
            c.image(name, right - SEAL + (SEAL - w) / 2, top - SEAL + (SEAL - h) / 2, w, h);
            xobjects.append('/').append(name).append(' ').append(image.ref()).append(" 0 R ");
            right -= SEAL + 6;
        }
    }

    /**
     * Column widths from their widest content (label or any row, so all pages agree), at least 30 points. A narrow
     * table is spread out to the body width; a wide one gets a common cap on its widest columns, so that short
     * columns (codes, amounts) stay whole and only the longest texts are truncated.
     */
    private static double[] columnWidths(Spec spec) {
        int n = spec.detailColumns().size();
        double[] w = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double widest = PdfCanvas.width(str(spec.detailColumns().get(j)), TABLE_SIZE);
            for (List<String> row : spec.detailRows()) {
                widest = Math.max(widest, PdfCanvas.width(cell(row, j), TABLE_SIZE));
            }
            w[j] = Math.max(30, widest + 2 * PAD);
            sum += w[j];
        }
        if (sum <= BODY_W) {
            for (int j = 0; j < n; j++) {
                w[j] *= BODY_W / sum;
            }
            return w;
        }
        double[] sorted = w.clone();
        Arrays.sort(sorted);
        double rest = BODY_W;
        double cap = 0;
        for (int k = 0; k < n; k++) { // the narrowest columns keep their width while they fit under the cap
            cap = rest / (n - k);
            if (sorted[k] >= cap) {
                break;
            }
            rest -= sorted[k];
        }
        for (int j = 0; j < n; j++) {
            w[j] = Math.min(w[j], cap);
        }
        return w;
    }

    /** Columns holding only amounts (digits with two decimals) are right-aligned, as on the paper voucher. */
    private static boolean[] amountColumns(Spec spec) {
        boolean[] amounts = new boolean[spec.detailColumns().size()];
        for (int j = 0; j < amounts.length; j++) {
            boolean any = false;
            boolean all = true;
            for (List<String> row : spec.detailRows()) {
                String v = cell(row, j);
                any |= !v.isEmpty();
                all &= v.isEmpty() || v.matches("-?[0-9,]*[0-9]\\.[0-9]{2}");
            }
            amounts[j] = any && all;
        }
        return amounts;
    }

    /** Baseline that centres text of {@code size} vertically in a row whose top is {@code top}. */
    private static double baseline(double top, double height, double size) {
        return top - height / 2 - 0.35 * size;
    }

    private static String cell(List<String> row, int j) {
        return row == null || j >= row.size() ? "" : str(row.get(j));
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
