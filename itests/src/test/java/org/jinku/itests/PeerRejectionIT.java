package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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

import javax.inject.Inject;


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

    @Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

    private jakarta.jms.Connection connection;

    /**
     * Writes to the bank's queue as the broker user {@code user}: the broker stamps who logged in, so the
     * bank knows the sender whatever the message says of itself.
     */
    private jakarta.jms.Session login(String user) throws Exception {
        Object pw = configAdmin.getConfiguration("jinku.broker", null).getProperties().get("user." + user);
        org.apache.activemq.ActiveMQConnectionFactory f =
                new org.apache.activemq.ActiveMQConnectionFactory("vm://jinku?create=false");
        f.setWatchTopicAdvisories(false); // advisories are off in the broker, and no user may read them
        connection = f.createConnection(user, pw == null ? IT_PEER_PASSWORD : pw.toString());
        connection.start();
        return connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
    }

    @After
    public void closePeer() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    private static Voucher sample(String no) {
        return SampleVouchers.directPayment("210000", "2026", no, 2, 50_000, "20261123");
    }

    /** Signed at cz_lr and cz_sh by the finance node's own clerks, as the finance node would sign it. */
    private String envelope(Voucher v) {
        return envelope(v.key(), catalog.toBase64(v), List.of("cz_lr", "cz_sh"), List.of("finance/lr01", "finance/sh01"));
    }

    private String envelope(VoucherKey key, String b64, List<String> positions, List<String> aliases) {
        List<SignatureEntry> sigs = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            String alias = aliases.get(i);
            Credential c = crypto.credential(alias).orElseGet(() -> crypto.enroll(alias, alias, Credential.Kind.PERSON));
            byte[] cms = crypto.sign(alias, b64.getBytes(StandardCharsets.US_ASCII));
            sigs.add(new SignatureEntry(positions.get(i), c.serialHex(), Base64.getEncoder().encodeToString(cms)));
        }
        return new String(catalog.writeEnvelope(List.of(new EnvelopeEntry(key, 0, "", b64, sigs))), GBK);
    }

    /** Sends as finance's broker user and returns the bank's newest refusal once it is recorded. */
    private RejectionView send(String user, String claimedFrom, String envelope) throws Exception {
        Node bank = directory.require("bank102");
        int before = bank.rejections(10_000).size();
        jakarta.jms.Session s = login(user);
        jakarta.jms.BytesMessage m = s.createBytesMessage();
        m.writeBytes(envelope.getBytes(GBK));
        m.setStringProperty("jinkuType", "VOUCHER");
        m.setStringProperty("jinkuFrom", claimedFrom);
        m.setJMSCorrelationID("it-" + System.nanoTime());
        s.createProducer(s.createQueue("jinku.node.bank102")).send(m);
        connection.close();
        connection = null;
        await("the bank's refusal", () -> bank.rejections(10_000).size() > before);
        return bank.rejections(1).get(0);
    }

    private void assertRefused(String envelope, String code, String reasonPart) throws Exception {
        RejectionView r = send("finance", "finance", envelope);
        assertEquals(r.reason(), code, r.code().name());
        assertTrue(r.reason(), r.reason().contains(reasonPart));
    }

    @Test
    public void everyKindOfBadEnvelopeIsRefusedWithItsReason() throws Exception {
        Node bank = directory.require("bank102");
        Voucher good = sample("IT-PEER-OK");
        jakarta.jms.Session s = login("finance");
        jakarta.jms.BytesMessage first = s.createBytesMessage();
        first.writeBytes(envelope(good).getBytes(GBK));
        first.setStringProperty("jinkuType", "VOUCHER");
        s.createProducer(s.createQueue("jinku.node.bank102")).send(first);
        connection.close();
        connection = null;
        await("the good voucher stored", () -> bank.find(good.key(), 0).isPresent());
        String storedDigest = bank.find(good.key(), 0).orElseThrow().digest();
        int before = bank.rejections(1000).size();

        assertRefused("<MOF><VoucherCount>1</VoucherCount><VoucherBody AdmDivCode=", "MALFORMED_XML", "malformed XML");
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE MOF [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><MOF>&x;</MOF>",
                "MALFORMED_XML", "DOCTYPE");
        Voucher b = sample("IT-PEER-B64");
        assertRefused(envelope(b.key(), "PFZvdWNoZXI+%%%", List.of("cz_lr", "cz_sh"),
                List.of("finance/lr01", "finance/sh01")), "BAD_BASE64", "base64");
        Voucher m = sample("IT-PEER-MISS");
        assertRefused(envelope(m.key(), catalog.toBase64(m), List.of("cz_lr"), List.of("finance/lr01")),
                "MISSING_SIGNATURE", "cz_sh");
        Voucher w = sample("IT-PEER-WRONG");
        String signedOther = envelope(w.key(), catalog.toBase64(sample("IT-PEER-OTHER")), List.of("cz_lr", "cz_sh"),
                List.of("finance/lr01", "finance/sh01"));
        String real = envelope(w);
        String forged = real.substring(0, real.indexOf("<SignatureList>"))
                + signedOther.substring(signedOther.indexOf("<SignatureList>"));
        assertRefused(forged, "BAD_SIGNATURE", "does not match");
        Voucher u = sample("IT-PEER-CERT");
        assertRefused(foreignSigned(u), "UNKNOWN_CERTIFICATE", "not a trusted CA");
        // a bank clerk signs both finance posts with bank certificates
        Voucher clerk = sample("IT-PEER-CLERK");
        assertRefused(envelope(clerk.key(), catalog.toBase64(clerk), List.of("cz_lr", "cz_sh"),
                List.of("bank102/yh01", "bank102/org")), "SIGNER_NOT_OF_PARTY", "not a certificate of finance");
        Voucher t = sample("IT-PEER-DEC").withHeader(Map.of("PayAmt", "1000.001"), null);
        assertRefused(envelope(t), "INVALID_FIELD", "PayAmt");
        Voucher dup = good.withHeader(Map.of("PayeeAcctName", "另一个收款人"), null);
        assertRefused(envelope(dup), "DUPLICATE_VOUCHER", "other content");

        // nothing refused was stored, and the stored voucher is unchanged
        for (String no : List.of("IT-PEER-B64", "IT-PEER-MISS", "IT-PEER-WRONG", "IT-PEER-CERT", "IT-PEER-CLERK",
                "IT-PEER-DEC")) {
            assertFalse(no, bank.find(sample(no).key(), 0).isPresent());
        }
        assertEquals(storedDigest, bank.find(good.key(), 0).orElseThrow().digest());
        List<RejectionView> rejections = bank.rejections(1000);
        assertEquals(9, rejections.size() - before);
        String listed = shell("jinku:list --rejections bank102");
        assertTrue(listed, listed.contains("DUPLICATE_VOUCHER"));
    }

    @Test
    public void aSenderThatWritesAnotherNameIsKnownByItsLogin() throws Exception {
        // it-peer may write to the bank's queue, and claims to be finance, with finance's genuine signatures:
        // the broker says it is it-peer, which is no peer of the bank, so nothing is stored or answered.
        Voucher v = sample("IT-PEER-SPOOF");
        RejectionView r = send("it-peer", "finance", envelope(v));
        assertEquals(r.reason(), "NOT_AUTHORIZED", r.code().name());
        assertEquals("it-peer", r.source());
        assertFalse(directory.require("bank102").find(v.key(), 0).isPresent());
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
