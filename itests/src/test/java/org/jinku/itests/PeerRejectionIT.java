package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import org.jinku.api.Credential;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.Node;
import org.jinku.api.RejectionView;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.catalog.sample.SampleVouchers;

/**
 * A peer that sends the bank node broken, forged or duplicate envelopes through the real ActiveMQ
 * broker. Each is refused with its specific reason, answered to the sender as 接收失败 (status 2), and
 * recorded; what the bank had stored stays as it was.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PeerRejectionIT extends JinkuTestSupport {

    private static final Charset GBK = Charset.forName("GBK");

    @Inject
    PeerTransport transport;
    @Inject
    VoucherCatalog catalog;
    @Inject
    CryptoProvider crypto;

    private final BlockingQueue<PeerTransport.Message> inbox = new LinkedBlockingQueue<>();
    private PeerTransport.Endpoint peer;

    @Before
    public void openPeer() {
        peer = transport.open("it-peer", inbox::add);
    }

    @After
    public void closePeer() {
        peer.close();
    }

    private static Voucher sample(String no) {
        return SampleVouchers.directPayment("210000", "2026", no, 2, 50_000, "20261123");
    }

    /** Signatures by box-CA certificates at cz_lr and cz_sh, as the finance node would make them. */
    private String envelope(Voucher v) {
        return envelope(v.key(), catalog.toBase64(v), List.of("cz_lr", "cz_sh"), List.of("it-peer/a", "it-peer/b"));
    }

    private String envelope(VoucherKey key, String b64, List<String> positions, List<String> aliases) {
        List<SignatureEntry> sigs = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            Credential c = crypto.enroll(aliases.get(i), aliases.get(i), Credential.Kind.PERSON);
            byte[] cms = crypto.sign(aliases.get(i), b64.getBytes(StandardCharsets.US_ASCII));
            sigs.add(new SignatureEntry(positions.get(i), c.serialHex(), Base64.getEncoder().encodeToString(cms)));
        }
        return new String(catalog.writeEnvelope(List.of(new EnvelopeEntry(key, 0, "", b64, sigs))), GBK);
    }

    /** Sends to the bank and returns its 接收 answer (receipts and 签收 of earlier vouchers skipped). */
    private JsonNode send(String messageId, String envelope) throws Exception {
        peer.send("bank", new PeerTransport.Message("VOUCHER", "it-peer", messageId, Map.of(), envelope.getBytes(GBK)));
        while (true) {
            PeerTransport.Message m = inbox.poll(60, TimeUnit.SECONDS);
            assertNotNull("the bank did not answer " + messageId, m);
            if (!"ACK".equals(m.type())) {
                continue;
            }
            // the acknowledgement is signed by the bank's organisation key
            crypto.verify(m.body(), Base64.getDecoder().decode(m.header("signature")));
            JsonNode ack = JSON.readTree(m.body());
            // 接收 / 接收失败 answer a VOUCHER; 签收 of earlier vouchers may still be arriving
            String step = ack.get("step").asText();
            if (step.equals("RECEIVED") || step.equals("RECEIVE_FAILED")) {
                return ack;
            }
        }
    }

    private void assertRefused(String envelope, String code, String reasonPart) throws Exception {
        JsonNode ack = send("refuse-" + code + "-" + System.nanoTime(), envelope);
        assertEquals(ack.toString(), "RECEIVE_FAILED", ack.get("step").asText());
        assertEquals(ack.toString(), code, ack.get("code").asText());
        assertTrue(ack.toString(), ack.get("reason").asText().contains(reasonPart));
    }

    @Test
    public void everyKindOfBadEnvelopeIsRefusedWithItsReason() throws Exception {
        Node bank = directory.require("bank");
        Voucher good = sample("IT-PEER-OK");
        JsonNode ok = send(VoucherKey.parse(good.key().toString()) + "#0", envelope(good));
        assertEquals("RECEIVED", ok.get("step").asText());
        String storedDigest = bank.find(good.key(), 0).orElseThrow().digest();
        int before = bank.rejections(1000).size();

        assertRefused("<MOF><VoucherCount>1</VoucherCount><VoucherBody AdmDivCode=", "MALFORMED_XML", "malformed XML");
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE MOF [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><MOF>&x;</MOF>",
                "MALFORMED_XML", "DOCTYPE");
        Voucher b = sample("IT-PEER-B64");
        assertRefused(envelope(b.key(), "PFZvdWNoZXI+%%%", List.of("cz_lr", "cz_sh"), List.of("it-peer/a", "it-peer/b")),
                "BAD_BASE64", "base64");
        Voucher m = sample("IT-PEER-MISS");
        assertRefused(envelope(m.key(), catalog.toBase64(m), List.of("cz_lr"), List.of("it-peer/a")),
                "MISSING_SIGNATURE", "cz_sh");
        Voucher w = sample("IT-PEER-WRONG");
        String signedOther = envelope(w.key(), catalog.toBase64(sample("IT-PEER-OTHER")), List.of("cz_lr", "cz_sh"),
                List.of("it-peer/a", "it-peer/b"));
        String real = envelope(w);
        String forged = real.substring(0, real.indexOf("<SignatureList>"))
                + signedOther.substring(signedOther.indexOf("<SignatureList>"));
        assertRefused(forged, "BAD_SIGNATURE", "does not match");
        Voucher u = sample("IT-PEER-CERT");
        assertRefused(foreignSigned(u), "UNKNOWN_CERTIFICATE", "not a trusted CA");
        Voucher t = sample("IT-PEER-DEC").withHeader(Map.of("PayAmt", "1000.001"), null);
        assertRefused(envelope(t), "INVALID_FIELD", "two decimals");
        Voucher dup = good.withHeader(Map.of("PayeeAcctName", "另一个收款人"), null);
        assertRefused(envelope(dup), "DUPLICATE_VOUCHER", "other content");

        // nothing refused was stored, and the stored voucher is unchanged
        for (String no : List.of("IT-PEER-B64", "IT-PEER-MISS", "IT-PEER-WRONG", "IT-PEER-CERT", "IT-PEER-DEC")) {
            assertFalse(no, bank.find(sample(no).key(), 0).isPresent());
        }
        assertEquals(storedDigest, bank.find(good.key(), 0).orElseThrow().digest());
        assertEquals(good, bank.content(good.key(), 0).orElseThrow());
        List<RejectionView> rejections = bank.rejections(1000);
        assertEquals(8, rejections.size() - before);
        assertTrue(rejections.stream().anyMatch(r -> r.code().name().equals("UNKNOWN_CERTIFICATE")));
        String listed = shell("jinku:list --rejections bank");
        assertTrue(listed, listed.contains("DUPLICATE_VOUCHER"));
    }

    @Test
    public void identicalRedeliveryIsAnsweredAndChangesNothing() throws Exception {
        Node bank = directory.require("bank");
        Voucher v = sample("IT-PEER-REDO");
        String env = envelope(v);
        assertEquals("RECEIVED", send(v.key() + "#0", env).get("step").asText());
        await("bank replied", () -> bank.find(v.key(), 1).isPresent());
        String receipt = bank.find(v.key(), 1).orElseThrow().digest();
        assertEquals("RECEIVED", send(v.key() + "#0", env).get("step").asText());
        await("duplicate noted", () -> bank.history(v.key()).stream().anyMatch(e -> e.kind().equals("DUPLICATE")));
        assertEquals(receipt, bank.find(v.key(), 1).orElseThrow().digest());
        assertEquals(1, bank.list(1000).stream().filter(x -> x.key().equals(v.key()) && x.voucherFlag() == 1).count());
    }

    /** Signed with an SM2 certificate from a CA the box does not know. */
    private String foreignSigned(Voucher v) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=Rogue CA,O=Elsewhere");
        ContentSigner signer = new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(kp.getPrivate());
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(bc).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                        new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                        name, kp.getPublic()).build(signer));
        String b64 = catalog.toBase64(v);
        List<SignatureEntry> sigs = new ArrayList<>();
        for (String pos : List.of("cz_lr", "cz_sh")) {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(bc).build()).setDirectSignature(true)
                    .build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(kp.getPrivate()), cert));
            gen.addCertificates(new JcaCertStore(List.of(cert)));
            byte[] cms = gen.generate(new CMSProcessableByteArray(b64.getBytes(StandardCharsets.US_ASCII)), false)
                    .getEncoded();
            sigs.add(new SignatureEntry(pos, cert.getSerialNumber().toString(16).toUpperCase(),
                    Base64.getEncoder().encodeToString(cms)));
        }
        return new String(catalog.writeEnvelope(List.of(new EnvelopeEntry(v.key(), 0, "", b64, sigs))), GBK);
    }
}
