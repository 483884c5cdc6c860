package org.jinku.adapter.legacysoap.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jinku.adapter.legacysoap.internal.pdf.VoucherPdf;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.Node;
import org.jinku.api.StampEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.eseal.ESeals;
import org.jinku.eseal.Seal;

/**
 * A stored voucher laid out for {@code exportPDF}: its 回单 when one exists here (it carries every field and the
 * X fields the receiver filled), else the voucher; its fields with the catalogue's labels, its lines, its
 * signatures and the images of the seals stamped on it, read from the signed envelope.
 */
final class VoucherRendering {

    /** Columns of the line table: the fields that identify and pay a line. */
    private static final List<String> DETAIL_COLUMNS = List.of("Id", "VoucherNo", "PayeeAcctName", "PayeeAcctNo",
            "PayAmt", "XPayAmt", "XAddWord");

    private VoucherRendering() {
    }

    static byte[] render(Node node, VoucherCatalog catalog, VoucherType type, VoucherKey key, int pageNo) {
        int flag = node.find(key, 1).isPresent() ? 1 : 0;
        VoucherView view = node.find(key, flag).orElseThrow(() -> new LegacyFault(Evs.UNKNOWN_VOUCHER, "no voucher "
                + key + " here"));
        Voucher v = node.content(key, flag).orElseThrow();
        List<VoucherPdf.Field> header = new ArrayList<>();
        for (Map.Entry<String, String> f : v.header().entrySet()) {
            if (f.getValue() != null && !f.getValue().isEmpty()) {
                header.add(new VoucherPdf.Field(label(type, f.getKey(), false), f.getKey(), f.getValue()));
            }
        }
        List<String> columns = DETAIL_COLUMNS.stream().filter(c -> type.field(c, true).isPresent()).toList();
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> line : v.details()) {
            rows.add(columns.stream().map(c -> line.getOrDefault(c, "")).toList());
        }
        List<VoucherPdf.Signature> signatures = new ArrayList<>();
        for (int f = 0; f <= flag; f++) {
            VoucherView signed = f == flag ? view : node.find(key, f).orElse(null);
            if (signed == null) {
                continue;
            }
            for (VoucherView.SignatureView s : signed.signatures()) {
                signatures.add(new VoucherPdf.Signature(s.position(), positionLabel(type, s.position()),
                        s.signer(), s.certSerialHex(), s.at().toString()));
            }
        }
        List<VoucherPdf.Seal> seals = new ArrayList<>();
        for (int f = 0; f <= flag; f++) {
            for (EnvelopeEntry e : node.envelope(key, f).map(catalog::readEnvelope).orElse(List.of())) {
                for (StampEntry st : e.stamps()) {
                    Seal seal = ESeals.parseStamp(Base64.getMimeDecoder().decode(st.sesSignatureBase64())).seal();
                    seals.add(new VoucherPdf.Seal(st.position(), seal.name(), seal.image()));
                }
            }
        }
        VoucherPdf.Spec spec = new VoucherPdf.Spec(type.name() + (flag == 1 ? "（回单）" : ""),
                key.admDivCode() + " " + key.stYear() + " " + key.vtCode() + " " + key.voucherNo(), header,
                columns.stream().map(c -> label(type, c, true)).toList(), rows, signatures, seals);
        int pages = VoucherPdf.pageCount(spec);
        if (pageNo < 0 || pageNo > pages) {
            throw new LegacyFault(Evs.ARGUMENT_TYPE, "pageNo " + pageNo + ": voucher " + key + " has " + pages
                    + " page(s); 0 renders them all");
        }
        return VoucherPdf.render(spec, pageNo);
    }

    private static String label(VoucherType type, String field, boolean detail) {
        return type.field(field, detail).map(FieldDef::label).orElse(field);
    }

    private static String positionLabel(VoucherType type, String position) {
        for (VoucherType.StampPosition p : type.senderPositions()) {
            if (p.no().equals(position)) {
                return p.label();
            }
        }
        for (VoucherType.StampPosition p : type.receiptPositions()) {
            if (p.no().equals(position)) {
                return p.label();
            }
        }
        return position;
    }
}
