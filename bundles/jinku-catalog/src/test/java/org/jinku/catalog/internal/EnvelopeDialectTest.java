package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.catalog.sample.SampleVouchers;

/** The MOF envelope as deployed systems write and read it: lenient on content, strict on size and security. */
class EnvelopeDialectTest {

    private static final Charset GBK = Charset.forName("GBK");

    private final CatalogService catalog = new CatalogService();
    private final Voucher sample = SampleVouchers.directPayment("210000", "2026", "V0001", 2, 50_000, "20261123");
    private final EnvelopeEntry entry = new EnvelopeEntry(sample.key(), 0, "", catalog.toBase64(sample),
            List.of(new SignatureEntry("cz_lr", "0a1b2c", "TUlJ")));

    @Test
    void anUnknownElementOfVoucherBodyIsSkipped() {
        String env = text(List.of(entry)).replace("<SignStampList", "<Return_Reason>收款人账号不存在<Code>01</Code>"
                + "</Return_Reason><Extra/><SignStampList");
        assertEquals(List.of(entry), read(env));
    }

    @Test
    void anAttachOver32BytesIsKept() {
        String attach = "附言".repeat(10); // 40 GBK bytes
        EnvelopeEntry e = new EnvelopeEntry(sample.key(), 0, attach, entry.voucherBase64(), entry.signatures());
        assertEquals(attach, catalog.readEnvelope(catalog.writeEnvelope(List.of(e))).get(0).attach());
    }

    @Test
    void securityRefusalsStay() {
        String entity = text(List.of(entry)).replace("<VoucherFlag>0", "<VoucherFlag>&x;0");
        assertEquals(RejectCode.MALFORMED_XML, refused(entity).code());
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE MOF [<!ENTITY a \"aaaa\">]>" + text(List.of(entry))
                .substring(text(List.of(entry)).indexOf("<MOF>"));
        assertEquals(RejectCode.MALFORMED_XML, refused(dtd).code());
    }

    @Test
    void theSerialIsWrittenInLowercaseAndReadInEitherCase() {
        EnvelopeEntry upper = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("cz_lr", "0A1B2C", "TUlJ")));
        String env = text(List.of(upper));
        assertTrue(env.contains("SN=\"0a1b2c\""), env);
        assertEquals("0a1b2c", read(env).get(0).signatures().get(0).certSerialHex());
        assertEquals("0A1B2C", read(env.replace("0a1b2c", "0A1B2C")).get(0).signatures().get(0).certSerialHex());
    }

    @Test
    void aSignatureOverTheCapRefusesTheEnvelope() {
        String cms = "A".repeat(MofXml.DEFAULT_MAX_SIGNATURE_CHARS + 4);
        EnvelopeEntry big = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("cz_lr", "0a", cms)));
        JinkuException ex = refused(text(List.of(big)));
        assertEquals(RejectCode.OVERSIZED, ex.code());
        assertTrue(ex.getMessage().contains("Signature at cz_lr") && ex.getMessage().contains("16384"), ex.getMessage());
        EnvelopeEntry atCap = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("cz_lr", "0a", "A".repeat(MofXml.DEFAULT_MAX_SIGNATURE_CHARS))));
        assertEquals(List.of(atCap), read(text(List.of(atCap))));
    }

    @Test
    void tooManyVouchersAreRefusedFromTheCountAlone() {
        String env = text(List.of(entry)).replace("<VoucherCount>1<", "<VoucherCount>1000000<");
        JinkuException ex = refused(env);
        assertEquals(RejectCode.OVERSIZED, ex.code());
        assertTrue(ex.getMessage().contains("VoucherCount 1000000") && ex.getMessage().contains("1000"), ex.getMessage());
    }

    @Test
    void theVoucherCountCapIsConfigurableAndHoldsWhenTheCountLies() {
        CatalogService small = new CatalogService();
        small.activate(Map.of("maxVoucherCount", "2", "maxSignatureChars", "8"));
        List<EnvelopeEntry> three = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Voucher v = SampleVouchers.directPayment("210000", "2026", "V000" + i, 1, 100, "20261123");
            three.add(new EnvelopeEntry(v.key(), 0, "", small.toBase64(v), List.of()));
        }
        byte[] lying = new String(small.writeEnvelope(three), GBK).replace("<VoucherCount>3<", "<VoucherCount>2<")
                .getBytes(GBK);
        assertEquals(RejectCode.OVERSIZED, assertThrows(JinkuException.class, () -> small.readEnvelope(lying)).code());
        assertEquals(2, small.readEnvelope(small.writeEnvelope(three.subList(0, 2))).size());
        assertEquals(List.of(entry), small.readEnvelope(small.writeEnvelope(List.of(entry))));
        EnvelopeEntry nine = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("cz_lr", "0a", "TUlJTUlJT")));
        assertEquals(RejectCode.OVERSIZED, assertThrows(JinkuException.class,
                () -> small.readEnvelope(small.writeEnvelope(List.of(nine)))).code());
    }

    @Test
    void positionAndSerialLongerThanTheStoreKeepsAreMalformed() {
        EnvelopeEntry longNo = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("p".repeat(33), "0a", "TUlJ")));
        JinkuException no = refused(text(List.of(longNo)));
        assertEquals(RejectCode.MALFORMED_XML, no.code());
        assertTrue(no.getMessage().contains("No"), no.getMessage());
        EnvelopeEntry longSn = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("cz_lr", "a".repeat(65), "TUlJ")));
        JinkuException sn = refused(text(List.of(longSn)));
        assertEquals(RejectCode.MALFORMED_XML, sn.code());
        assertTrue(sn.getMessage().contains("SN"), sn.getMessage());
        EnvelopeEntry atLimits = new EnvelopeEntry(sample.key(), 0, "", entry.voucherBase64(),
                List.of(new SignatureEntry("p".repeat(32), "a".repeat(64), "TUlJ")));
        assertEquals(List.of(atLimits), read(text(List.of(atLimits))));
    }

    @Test
    void nullsAreRefusedWithJinkuExceptions() {
        assertEquals(RejectCode.MALFORMED_XML, assertThrows(JinkuException.class, () -> catalog.readEnvelope(null)).code());
        assertThrows(JinkuException.class, () -> catalog.fromXml(null));
        assertThrows(JinkuException.class, () -> catalog.writeEnvelope(null));
        assertThrows(JinkuException.class, () -> catalog.writeEnvelope(List.of()));
        EnvelopeEntry blank = new EnvelopeEntry(new VoucherKey("210000", "2026", "5201", "V1"), 0, null, null,
                List.of(new SignatureEntry(null, null, null)));
        assertThrows(JinkuException.class, () -> catalog.readEnvelope(catalog.writeEnvelope(List.of(blank))));
    }

    private String text(List<EnvelopeEntry> entries) {
        return new String(catalog.writeEnvelope(entries), GBK);
    }

    private List<EnvelopeEntry> read(String envelope) {
        return catalog.readEnvelope(envelope.getBytes(GBK));
    }

    private JinkuException refused(String envelope) {
        return assertThrows(JinkuException.class, () -> read(envelope));
    }
}
