package org.jinku.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.DataBlock;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.HostAction;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;

/**
 * What host systems' own APIs (the legacy SOAP adapter) need of a node: vouchers signed in the front-end with
 * MOF CA RSA/SHA-1 keys kept byte for byte, unanswered vouchers to read, host actions in the history, and
 * attachments between parties.
 */
class HostApiTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final String MOF_CA = "CN=MOF CA,O=Ministry of Finance,C=CN";

    @TempDir
    Path dir;
    private TwoNodes nodes;
    private KeyPair caKeys;
    private X509Certificate caCert;

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
        g.initialize(2048);
        caKeys = g.generateKeyPair();
        caCert = certificate(new X500Name(MOF_CA), caKeys, BigInteger.ONE);
        // The MOF CA is trusted as a site trusts it: its certificate in the key store's trust directory.
        Files.createDirectories(dir.resolve("keys/trust"));
        Files.writeString(dir.resolve("keys/trust/mof-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(caCert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        nodes = new TwoNodes(dir);
    }

    @AfterEach
    void tearDown() {
        nodes.close();
    }

    /** A front-end's own text: the voucher XML with a CRLF after each closing tag, as Jinku would never write it. */
    private String frontEndText(Voucher v) {
        String xml = new String(nodes.catalog.toXml(nodes.catalog.forSending(v)), java.nio.charset.Charset.forName("GBK"));
        return Base64.getEncoder().encodeToString(xml.replaceAll("(</[^>]+>|/>)<", "$1\r\n<").getBytes(java.nio.charset.Charset.forName("GBK")));
    }

    @Test
    void voucherSignedInTheFrontEndWithMofCaKeysIsKeptByteForByteAndPaid() throws Exception {
        Signer lr = new Signer("张录入", BigInteger.valueOf(0x1001));
        Signer sh = new Signer("李审核", BigInteger.valueOf(0x1002));
        Voucher v = TwoNodes.sample("SE-1");
        String text = frontEndText(v);
        assertTrue(!text.equals(nodes.catalog.toBase64(nodes.catalog.forSending(v))), "a text Jinku would not write");
        List<SignatureEntry> sigs = List.of(lr.sign("cz_lr", text), sh.sign("cz_sh", text));

        // The bank knows finance's operators sign with MOF CA keys.
        Map<String, Object> bank = TwoNodes.bankConfig();
        bank.put("peer.finance.person.ca", MOF_CA);
        nodes.restartBank(nodes.simulator, bank);

        VoucherKey key = v.key();
        nodes.finance.submitSigned(new EnvelopeEntry(key, 0, "", text, sigs), Map.of("cz_lr", "lr01", "cz_sh", "sh01"),
                "soap:TC1001");
        try {
            TwoNodes.await("the 回单", () -> nodes.finance.find(key, 0).orElseThrow().statusFor("bank")
                    == DeliveryStatus.RECEIPT_BACK);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; finance " + nodes.finance.find(key, 0) + "; bank refused "
                    + nodes.bank.rejections(3));
        }

        EnvelopeEntry stored = nodes.catalog.readEnvelope(nodes.finance.envelope(key, 0).orElseThrow()).get(0);
        assertEquals(text, stored.voucherBase64());
        assertEquals(sigs.get(0).cmsBase64(), stored.signatures().get(0).cmsBase64());
        assertEquals(sigs.get(1).cmsBase64(), stored.signatures().get(1).cmsBase64());
        EnvelopeEntry received = nodes.catalog.readEnvelope(nodes.bank.envelope(key, 0).orElseThrow()).get(0);
        assertEquals(text, received.voucherBase64());
        assertEquals(List.of("lr01", "sh01"), nodes.finance.find(key, 0).orElseThrow().signatures().stream()
                .map(s -> s.userId()).toList());
        assertTrue(nodes.finance.history(key).stream().anyMatch(e -> e.detail() != null
                && e.detail().contains("signed elsewhere")));
    }

    @Test
    void signaturesFromElsewhereAreCheckedBeforeAnythingIsStored() throws Exception {
        Signer lr = new Signer("张录入", BigInteger.valueOf(0x2001));
        Signer sh = new Signer("李审核", BigInteger.valueOf(0x2002));
        Voucher v = TwoNodes.sample("SE-2");
        String text = frontEndText(v);
        VoucherKey key = v.key();
        Map<String, String> both = Map.of("cz_lr", "lr01", "cz_sh", "sh01");

        assertRefused(RejectCode.BAD_SIGNATURE, new EnvelopeEntry(key, 0, "", text,
                List.of(lr.sign("cz_lr", text + "\r\n"))), both); // signed over other text
        assertRefused(RejectCode.BAD_SIGNATURE, new EnvelopeEntry(key, 0, "", text,
                List.of(sh.sign("cz_sh", text))), both);
        assertRefused(RejectCode.NOT_AUTHORIZED, new EnvelopeEntry(key, 0, "", text,
                List.of(lr.sign("cz_lr", text))), Map.of());
        assertRefused(RejectCode.NOT_AUTHORIZED, new EnvelopeEntry(key, 0, "", text,
                List.of(lr.sign("cz_lr", text), sh.sign("cz_sh", text))), Map.of("cz_lr", "lr01", "cz_sh", "lr01"));
        assertRefused(RejectCode.SAME_SIGNER_TWICE, new EnvelopeEntry(key, 0, "", text,
                List.of(lr.sign("cz_lr", text), sh.sign("cz_sh", text))), Map.of("cz_lr", "boss", "cz_sh", "boss"));

        // One signature now, the next post later: stored SIGNING, and finished by the reviewer in Jinku.
        nodes.finance.submitSigned(new EnvelopeEntry(key, 0, "", text, List.of(lr.sign("cz_lr", text))), both, "soap");
        assertEquals(VoucherState.SIGNING, nodes.finance.find(key, 0).orElseThrow().state());
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        // Queued for the bank (SIGNED, or already SENT on: the outbox does not wait for this assertion).
        org.jinku.api.VoucherView done = nodes.finance.find(key, 0).orElseThrow();
        assertTrue(done.deliveries().containsKey("bank"), done.toString());
        assertTrue(done.state() != VoucherState.DRAFT && done.state() != VoucherState.SIGNING, done.toString());
    }

    private void assertRefused(RejectCode code, EnvelopeEntry entry, Map<String, String> signers) {
        JinkuException e = assertThrows(JinkuException.class, () -> nodes.finance.submitSigned(entry, signers, "soap"));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(nodes.finance.find(entry.key(), 0).isEmpty(), "nothing stored after " + e.getMessage());
        assertTrue(nodes.finance.rejections(1).get(0).reason().contains(e.getMessage()));
    }

    @Test
    void unansweredVouchersAreReadAndHostActionsRecorded() throws Exception {
        nodes.restartBank(null); // no simulator: the host answers, as a front-end over SOAP does
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("HA-1"));
        TwoNodes.await("the voucher at the bank", () -> !nodes.bank.unanswered("5201", 10).isEmpty());
        assertEquals(key, nodes.bank.unanswered("5201", 10).get(0).key());
        assertTrue(nodes.bank.unanswered("2301", 10).isEmpty());

        nodes.bank.recordHostAction(key, 0, HostAction.READ, "soap:001", "readVoucher");
        nodes.bank.recordHostAction(key, 0, HostAction.PRINTED, "soap:001", "exportPDF page 1");
        assertEquals(List.of("READ_BY_HOST", "PRINTED"), nodes.bank.history(key).stream().map(e -> e.kind())
                .filter(k -> k.equals("READ_BY_HOST") || k.equals("PRINTED")).toList());
        assertTrue(nodes.bank.historyIntact(key));

        nodes.bank.accept(key, "soap:001");
        assertTrue(nodes.bank.unanswered("5201", 10).isEmpty());
        assertEquals(RejectCode.UNKNOWN_VOUCHER, assertThrows(JinkuException.class, () -> nodes.bank.recordHostAction(
                new VoucherKey("210000", "2026", "5201", "NONE"), 0, HostAction.READ, "soap", "")).code());
    }

    @Test
    void attachmentsTravelSignedAndAreTakenOnce() throws Exception {
        byte[] data = new byte[DataBlock.MAX_BYTES];
        new java.util.Random(7).nextBytes(data);
        nodes.finance.sendData("bank", data, "soap:011");
        TwoNodes.await("the attachment", () -> Files.isDirectory(dir.resolve("jinku/bank/data-in")));
        DataBlock got = null;
        for (int i = 0; i < 500 && got == null; i++) {
            got = nodes.bank.takeData("soap:105").orElse(null);
            Thread.sleep(20);
        }
        assertTrue(got != null, "attachment received");
        assertEquals("finance", got.from());
        assertArrayEquals(data, got.data());
        assertTrue(nodes.bank.takeData("soap:105").isEmpty(), "taken once");

        assertEquals(RejectCode.INVALID_FIELD, assertThrows(JinkuException.class,
                () -> nodes.finance.sendData("bank", new byte[DataBlock.MAX_BYTES + 1], "soap")).code());
        assertEquals(RejectCode.UNKNOWN_PEER, assertThrows(JinkuException.class,
                () -> nodes.finance.sendData("nobody", "x".getBytes(StandardCharsets.UTF_8), "soap")).code());
    }

    private X509Certificate certificate(X500Name subject, KeyPair keys, BigInteger serial) throws Exception {
        Date from = new Date(System.currentTimeMillis() - 60_000);
        Date to = new Date(System.currentTimeMillis() + 86_400_000L);
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name(MOF_CA), serial, from, to, subject, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(caKeys.getPrivate())));
    }

    /** An operator's MOF CA key, as a USB key in the front-end holds it: RSA, signing with SHA-1. */
    private final class Signer {
        final KeyPair keys;
        final X509Certificate cert;

        Signer(String name, BigInteger serial) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
            g.initialize(2048);
            keys = g.generateKeyPair();
            cert = certificate(new X500Name("CN=" + name + ",O=finance,C=CN"), keys, serial);
        }

        SignatureEntry sign(String position, String text) throws Exception {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()).setDirectSignature(true)
                    .build(new JcaContentSignerBuilder("SHA1withRSA").setProvider(BC).build(keys.getPrivate()), cert));
            gen.addCertificates(new JcaCertStore(List.of(cert)));
            byte[] cms = gen.generate(new CMSProcessableByteArray(text.getBytes(StandardCharsets.US_ASCII)), false)
                    .getEncoded();
            return new SignatureEntry(position, cert.getSerialNumber().toString(16),
                    Base64.getEncoder().encodeToString(cms));
        }
    }
}
