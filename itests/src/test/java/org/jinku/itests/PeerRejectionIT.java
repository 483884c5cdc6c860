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
import org.jinku.api.CryptoProfile;
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
    org.jinku.api.spi.CertificateAuthority ca;

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
            Credential c = crypto.credential(alias).orElseThrow();
            byte[] cms = crypto.sign(alias, pin(alias), b64.getBytes(StandardCharsets.US_ASCII), CryptoProfile.DEFAULT);
            sigs.add(new SignatureEntry(positions.get(i), c.serialHex(), Base64.getEncoder().encodeToString(cms)));
        }
        return new String(catalog.writeEnvelope(List.of(new EnvelopeEntry(key, 0, "", b64, sigs))), GBK);
    }

    /** The box's PIN of a container, from its node's configuration (org.pin, pin.<user>). */
    private char[] pin(String alias) {
        String[] p = alias.split("/");
        org.osgi.service.cm.Configuration[] configs;
        try {
            configs = configAdmin.listConfigurations("(jinku.node=" + p[0] + ")");
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Object v = configs == null ? null : configs[0].getProperties().get(p[1].equals("org") ? "org.pin" : "pin." + p[1]);
        return v == null ? TRUST_PIN.toCharArray() : v.toString().toCharArray();
    }

    /** The PIN of containers this test makes itself. */
    private static final String TRUST_PIN = "246810";

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
        KeyPair kp = sm2KeyPair();
        X500Name name = new X500Name("CN=Rogue CA,O=Elsewhere");
        ContentSigner signer = new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(kp.getPrivate());
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(bc).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                        new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                        name, kp.getPublic()).build(signer));
        return signedWith(v, kp.getPrivate(), cert, List.of("cz_lr", "cz_sh"));
    }

    private static KeyPair sm2KeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    /** The voucher signed at {@code positions} with a key held here in the test, not in any container. */
    private String signedWith(Voucher v, java.security.PrivateKey key, X509Certificate cert, List<String> positions)
            throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        String b64 = catalog.toBase64(v);
        List<SignatureEntry> sigs = new ArrayList<>();
        for (String pos : positions) {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(bc).build()).setDirectSignature(true)
                    .build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(key), cert));
            gen.addCertificates(new JcaCertStore(List.of(cert)));
            byte[] cms = gen.generate(new CMSProcessableByteArray(b64.getBytes(StandardCharsets.US_ASCII)), false)
                    .getEncoded();
            sigs.add(new SignatureEntry(pos, cert.getSerialNumber().toString(16).toUpperCase(),
                    Base64.getEncoder().encodeToString(cms)));
        }
        return new String(catalog.writeEnvelope(List.of(new EnvelopeEntry(v.key(), 0, "", b64, sigs))), GBK);
    }

    /**
     * The trust refusals over the real broker, each with its own reason: tampered text, a certificate revoked by
     * a 挂失 on the finance node (known at the bank through the CRL exchange), an expired certificate, a seal
     * never registered (备案) with the bank; and a wrong PIN, refused where the signing happens.
     */
    @Test
    public void trustRefusalsEachSayWhy() throws Exception {
        Node finance = directory.require("finance");
        Node bank = directory.require("bank102");

        // Tampered text: the finance clerks signed one text, the envelope carries another.
        Voucher t = sample("IT-TRUST-TAMPER");
        String signed = envelope(t);
        String other = catalog.toBase64(t.withHeader(Map.of("PayeeAcctName", "篡改后的收款人"), null));
        String tampered = signed.replaceFirst("<Voucher>[^<]+</Voucher>", "<Voucher>" + other + "</Voucher>");
        assertRefused(tampered, "BAD_SIGNATURE", "does not match");

        // Expired: a finance person's certificate from the box CA whose validity ended yesterday.
        KeyPair old = sm2KeyPair();
        java.time.Instant now = java.time.Instant.now();
        X509Certificate expired = ca.issue("CN=lr90@finance,T=ENTRY REVIEW,OU=Person,O=finance,C=CN", old.getPublic(),
                Credential.Kind.PERSON, now.minus(java.time.Duration.ofDays(400)), now.minus(java.time.Duration.ofDays(1)));
        assertRefused(signedWith(sample("IT-TRUST-EXPIRED"), old.getPrivate(), expired, List.of("cz_lr", "cz_sh")),
                "CERTIFICATE_EXPIRED", "not valid now");

        // Revoked: finance reports a clerk's key lost (挂失); the CRL reaches the bank over the broker.
        crypto.enroll("finance/lr91", "finance", "lr91@finance", Credential.Kind.PERSON,
                java.util.Set.of(org.jinku.api.Post.ENTRY), TRUST_PIN.toCharArray());
        String lostKeySigned = envelope(sample("IT-TRUST-LOST").key(), catalog.toBase64(sample("IT-TRUST-LOST")),
                List.of("cz_lr", "cz_sh"), List.of("finance/lr91", "finance/sh01"));
        finance.reportLost("lr91", "it-security");
        await("the CRL from finance at the bank", () -> bank.crls().values().stream()
                .anyMatch(d -> d.contains("received from finance") && !d.contains(" 0 revoked")));
        assertRefused(lostKeySigned, "CERTIFICATE_REVOKED", "keyCompromise");

        // A seal made at finance but never registered with the bank.
        org.jinku.api.SealView seal = finance.applySeal("财政公章", "cz_gz", null, "it-sec-a");
        finance.approveSeal(seal.sealId(), "it-sec-b");
        seal = finance.makeSeal(seal.sealId(), "it-sec-b");
        Voucher s = sample("IT-TRUST-SEAL");
        String b64 = catalog.toBase64(s);
        Credential orgKey = crypto.credential("finance/org").orElseThrow();
        char[] orgPin = pin("finance/org");
        byte[] stamp = org.jinku.eseal.ESeals.stamp(Base64.getDecoder().decode(seal.sealBase64()),
                b64.getBytes(StandardCharsets.US_ASCII), "cz_sh", new org.jinku.eseal.RawSigner() {
                    @Override
                    public X509Certificate certificate() {
                        return orgKey.certificate();
                    }

                    @Override
                    public byte[] sign(byte[] tbs) {
                        return crypto.signRaw("finance/org", orgPin, tbs, CryptoProfile.DEFAULT);
                    }
                }, now);
        String plain = envelope(s);
        String stamped = plain.replace("<SignStampList/>", "<SignStampList><SignStamp No=\"cz_sh\" ESID=\""
                + seal.sealId() + "\">" + Base64.getEncoder().encodeToString(stamp) + "</SignStamp></SignStampList>");
        assertRefused(stamped, "SEAL_UNREGISTERED", "never registered");

        // A wrong PIN is refused where the signing happens, and nothing is signed.
        VoucherKey key = finance.submit(sample("IT-TRUST-PIN")).key();
        try {
            finance.sign(key, "lr01", "000000");
            org.junit.Assert.fail("a wrong PIN signed");
        } catch (org.jinku.api.JinkuException wrong) {
            assertEquals(wrong.getMessage(), org.jinku.api.RejectCode.WRONG_PIN, wrong.code());
        }
        assertTrue(finance.rejections(5).stream().anyMatch(r -> r.code() == org.jinku.api.RejectCode.WRONG_PIN));
        assertEquals(org.jinku.api.VoucherState.DRAFT, finance.find(key, 0).orElseThrow().state());

        for (String no : List.of("IT-TRUST-TAMPER", "IT-TRUST-EXPIRED", "IT-TRUST-LOST", "IT-TRUST-SEAL")) {
            assertFalse(no, bank.find(sample(no).key(), 0).isPresent());
        }
    }
}
