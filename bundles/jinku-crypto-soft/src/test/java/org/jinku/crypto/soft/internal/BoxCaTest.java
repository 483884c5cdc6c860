package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CertificateAuthority;

/** The box CA: key usage by kind, the register, revocation, CRLs, and certificates out of their validity. */
class BoxCaTest {

    private static final char[] PIN = "123456".toCharArray();
    private final byte[] text = "voucher".getBytes(StandardCharsets.US_ASCII);
    private final BouncyCastleProvider bc = new BouncyCastleProvider();

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private CertificateAuthority ca;

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir);
        ca = crypto.certificateAuthority();
    }

    private KeyPair sm2Keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    @Test
    void caCertificateMaySignCertificatesAndCrlsOnly() throws Exception {
        X509Certificate c = ca.certificate();
        assertTrue(c.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.15", "2.5.29.19")));
        assertTrue(c.getBasicConstraints() >= 0, "CA:TRUE");
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[5] && ku[6], "keyCertSign and cRLSign");
        assertFalse(ku[0] || ku[1] || ku[2], "no signing of documents, no key transport");
        assertEquals("1.2.156.10197.1.501", c.getSigAlgOID());
    }

    @Test
    void keyUsageFollowsTheKindAndIsCritical() {
        Credential person = crypto.enroll("finance/lr01", "finance", "lr01", Credential.Kind.PERSON, Set.of(), PIN);
        Credential org = crypto.enroll("finance/org", "finance", "Finance", Credential.Kind.ORGANISATION, Set.of(), PIN);
        assertTrue(person.certificate().getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertEquals(List.of(true, true, false, false), usage(person.certificate()));
        assertEquals(List.of(true, true, true, true), usage(org.certificate()));
        assertEquals(-1, person.certificate().getBasicConstraints(), "not a CA");
        assertNotNull(person.certificate().getExtensionValue(Extension.authorityKeyIdentifier.getId()));
    }

    private static List<Boolean> usage(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        return List.of(ku[0], ku[1], ku[2], ku[3]);
    }

    @Test
    void registerRecordsEveryIssueAndSurvivesARestart() throws Exception {
        Credential a = crypto.enroll("finance/lr01", "finance", "lr01", Credential.Kind.PERSON, Set.of(), PIN);
        Credential b = crypto.enroll("finance/org", "finance", "Finance", Credential.Kind.ORGANISATION, Set.of(), PIN);
        List<IssuedCertificate> issued = ca.issued();
        assertEquals(List.of(a.serialHex(), b.serialHex()), issued.stream().map(IssuedCertificate::serialHex).toList());
        assertEquals(Credential.Kind.ORGANISATION, issued.get(1).kind());
        assertEquals(a.certificate().getNotAfter().toInstant(), issued.get(0).notAfter());
        assertTrue(issued.get(0).subject().contains("CN=lr01"));
        assertFalse(issued.get(0).revoked());
        ca.revoke(a.certificate().getSerialNumber(), "keyCompromise", "security officer");
        CertificateAuthority reopened = BoxCa.open(dir);
        assertEquals(ca.certificate(), reopened.certificate());
        assertEquals(ca.issued(), reopened.issued());
        assertEquals("keyCompromise", reopened.issued().get(0).revocationReason());
        assertEquals("security officer", reopened.issued().get(0).revokedBy());
    }

    @Test
    void revokeListsTheCertificateOnASignedCrlWhoseNumberGrows() throws Exception {
        Credential a = crypto.enroll("finance/lr01", "finance", "lr01", Credential.Kind.PERSON, Set.of(), PIN);
        Credential b = crypto.enroll("finance/lr02", "finance", "lr02", Credential.Kind.PERSON, Set.of(), PIN);
        X509CRL first = crypto.readCrl(ca.crl());
        assertNull(first.getRevokedCertificates());
        assertEquals("1.2.156.10197.1.501", first.getSigAlgOID(), "SM3withSM2");
        BigInteger n1 = crlNumber(first);

        IssuedCertificate lost = ca.revoke(a.certificate().getSerialNumber(), "keyCompromise", "lr01 (挂失)");
        assertTrue(lost.revoked());
        assertEquals("keyCompromise", lost.revocationReason());
        X509CRL second = crypto.readCrl(ca.crl());
        BigInteger n2 = crlNumber(second);
        assertTrue(n2.compareTo(n1) > 0, n1 + " then " + n2);
        X509CRLEntry entry = second.getRevokedCertificate(a.certificate().getSerialNumber());
        assertNotNull(entry);
        assertEquals(java.security.cert.CRLReason.KEY_COMPROMISE, entry.getRevocationReason());
        assertFalse(second.isRevoked(b.certificate()));

        // revoking twice keeps the first entry; the CRL does not change
        IssuedCertificate again = ca.revoke(a.certificate().getSerialNumber(), "superseded", "someone else");
        assertEquals(lost, again);
        assertEquals(n2, crlNumber(crypto.readCrl(ca.crl())));

        ca.revoke(b.certificate().getSerialNumber(), "affiliationChanged", "hr");
        X509CRL third = crypto.readCrl(ca.crl());
        assertTrue(crlNumber(third).compareTo(n2) > 0);
        assertEquals(2, third.getRevokedCertificates().size());
        // persisted as ca/crl.der, and the number continues after a restart
        assertTrue(Files.exists(dir.resolve("ca/crl.der")));
        Credential c = crypto.enroll("finance/lr03", "finance", "lr03", Credential.Kind.PERSON, Set.of(), PIN);
        CertificateAuthority reopened = BoxCa.open(dir);
        assertEquals(crlNumber(third), crlNumber(crypto.readCrl(reopened.crl())));
        reopened.revoke(c.certificate().getSerialNumber(), "cessationOfOperation", "hr");
        assertTrue(crlNumber(crypto.readCrl(reopened.crl())).compareTo(crlNumber(third)) > 0);
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }

    @Test
    void revokeRefusesSerialsItNeverIssuedAndReasonsRfc5280DoesNotName() {
        Credential a = crypto.enroll("finance/lr01", "finance", "lr01", Credential.Kind.PERSON, Set.of(), PIN);
        JinkuException e = assertThrows(JinkuException.class, () -> ca.revoke(BigInteger.TEN, "keyCompromise", "x"));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
        assertTrue(e.getMessage().contains("never issued"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ca.revoke(a.certificate().getSerialNumber(), "lost it", "x"));
        assertFalse(ca.issued().get(0).revoked());
        assertEquals(6, CertificateAuthority.REASONS.size());
        for (String r : CertificateAuthority.REASONS) {
            BoxCa.reasonCode(r);
        }
    }

    @Test
    void readCrlAcceptsPemAndRefusesACrlOfAnUnknownCaOrGarbage() throws Exception {
        byte[] der = ca.crl();
        String pem = "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END X509 CRL-----\n";
        assertEquals(ca.certificate().getSubjectX500Principal(),
                crypto.readCrl(pem.getBytes(StandardCharsets.US_ASCII)).getIssuerX500Principal());

        // another box's CA, same name, other key: an impostor
        SoftCryptoProvider other = SoftCryptoProvider.open(dir.resolve("other"));
        JinkuException impostor = assertThrows(JinkuException.class,
                () -> crypto.readCrl(other.certificateAuthority().crl()));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, impostor.code());
        assertTrue(impostor.getMessage().contains("does not verify with the key of the trusted CA"), impostor.getMessage());

        // a CA of another name altogether
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(elsewhere.resolve("ca"));
        BoxCa foreign = new BoxCa();
        java.lang.reflect.Method open = BoxCa.class.getDeclaredMethod("open", Path.class, String.class, int.class, int.class);
        open.setAccessible(true);
        open.invoke(foreign, elsewhere, "CN=Some Other CA,C=CN", 30, 7);
        JinkuException unknown = assertThrows(JinkuException.class, () -> crypto.readCrl(foreign.crl()));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, unknown.code());
        assertEquals("CRL of C=CN,CN=Some Other CA: that CA is not trusted here", unknown.getMessage());

        JinkuException garbage = assertThrows(JinkuException.class, () -> crypto.readCrl(new byte[] {1, 2, 3}));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, garbage.code());
        assertTrue(garbage.getMessage().startsWith("not a readable CRL"), garbage.getMessage());
    }

    @Test
    void explicitValidityMakesExpiredAndNotYetValidCertificates() throws Exception {
        Instant now = Instant.now();
        KeyPair kp = sm2Keys();
        X509Certificate expired = ca.issue("CN=old,OU=Person,O=finance,C=CN", kp.getPublic(), Credential.Kind.PERSON,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        X509Certificate future = ca.issue("CN=new,OU=Person,O=finance,C=CN", kp.getPublic(), Credential.Kind.PERSON,
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.trust(expired));
        assertEquals(RejectCode.CERTIFICATE_EXPIRED, e.code());
        assertTrue(e.getMessage().contains("CN=old"), e.getMessage());
        assertEquals(RejectCode.CERTIFICATE_EXPIRED, assertThrows(JinkuException.class, () -> crypto.trust(future)).code());
        assertEquals(2, ca.issued().size(), "both registered");
    }

    /** Signing with one's own certificate out of its validity is refused before any signature is made. */
    @Test
    void signingWithAnExpiredOwnCertificateIsRefused() throws Exception {
        KeyPair kp = sm2Keys();
        Instant now = Instant.now();
        X509Certificate expired = ca.issue("CN=old,OU=Person,O=finance,C=CN", kp.getPublic(), Credential.Kind.PERSON,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        new KeyContainer("finance/old", dir, bc, new KeyContainer.Settings(5, 0, 2048), new java.security.SecureRandom())
                .create(new KeyContainer.Entry(kp.getPrivate(), expired), PIN);
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        JinkuException e = assertThrows(JinkuException.class,
                () -> restarted.sign("finance/old", PIN, text, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.CERTIFICATE_EXPIRED, e.code());
        assertTrue(e.getMessage().contains("finance/old"), e.getMessage());
        assertEquals(RejectCode.CERTIFICATE_EXPIRED, assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/old", PIN, text, CryptoProfile.DEFAULT)).code());
    }

    /** Certificates of a box that predates the register are adopted into it, so they can be revoked. */
    @Test
    void certificatesOfABoxWithoutRegisterAreAdopted() throws Exception {
        Credential a = crypto.enroll("finance/lr01", "finance", "lr01", Credential.Kind.PERSON, Set.of(), PIN);
        Files.delete(dir.resolve("ca/issued.txt"));
        CertificateAuthority reopened = BoxCa.open(dir);
        assertEquals(List.of(a.serialHex()), reopened.issued().stream().map(IssuedCertificate::serialHex).toList());
        assertTrue(reopened.revoke(a.certificate().getSerialNumber(), "keyCompromise", "x").revoked());
    }
}
