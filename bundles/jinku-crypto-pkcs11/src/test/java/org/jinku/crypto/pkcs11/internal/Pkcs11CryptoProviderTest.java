package org.jinku.crypto.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CertificateAuthority;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;

/**
 * The provider on a real SoftHSM2 token: keys generated in the token and certified by the box CA (the
 * software provider's), detached CMS that Bouncy Castle and the software provider verify, PINs, keys that
 * cannot be read out.
 */
class Pkcs11CryptoProviderTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final char[] PIN = SoftHsm.PIN.toCharArray();
    private static final byte[] VOUCHER = "PE1PRj48Vm91Y2hlckNvdW50PjE8L1ZvdWNoZXJDb3VudD4=".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static SoftCryptoProvider soft;
    static CertificateAuthority ca;
    static Pkcs11CryptoProvider ec;

    @BeforeAll
    static void token() throws Exception {
        SoftHsm.token();
        soft = SoftCryptoProvider.open(dir.resolve("soft"));
        ca = soft.certificateAuthority();
        ec = provider(JcaToken.KeyAlgorithm.EC_P256);
    }

    static Pkcs11CryptoProvider provider(JcaToken.KeyAlgorithm algorithm) {
        return Pkcs11CryptoProvider.open(SoftHsm.settings(algorithm, dir.resolve("certs")), ca, soft, List.of());
    }

    @Test
    void anEcKeyGeneratedInTheTokenSignsDetachedCmsThatBouncyCastleAndTheSoftProviderVerify() throws Exception {
        Credential c = ec.enroll("bank102/org", "bank102", "bank102 AGENT_BANK", Credential.Kind.ORGANISATION,
                Set.of(), PIN);
        X509Certificate cert = c.certificate();
        assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(ca.certificate().getPublicKey(), BC);
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
        assertEquals(X9ObjectIdentifiers.id_ecPublicKey, spki.getAlgorithm().getAlgorithm());
        assertEquals(SECObjectIdentifiers.secp256r1, spki.getAlgorithm().getParameters());

        byte[] cms = ec.sign("bank102/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(VOUCHER), cms);
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        assertEquals(1, signers.size());
        SignerInformation info = signers.iterator().next();
        assertNull(info.getSignedAttributes(), "direct signature: no signed attributes");
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), info.getEncryptionAlgOID());
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> included = signed.getCertificates().getMatches(info.getSID());
        assertEquals(new X509CertificateHolder(cert.getEncoded()), included.iterator().next());
        assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert)));
        assertFalse(new CMSSignedData(new CMSProcessableByteArray("tampered".getBytes(StandardCharsets.US_ASCII)), cms)
                .getSignerInfos().getSigners().iterator().next()
                .verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert)));

        // the software provider (a peer) verifies it, and the pkcs11 provider verifies through it
        assertEquals(cert, soft.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());
        assertEquals(cert, ec.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());

        // the bare signature is SHA256withECDSA
        byte[] raw = ec.signRaw("bank102/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(VOUCHER);
        assertTrue(v.verify(raw));
    }

    @Test
    void anRsaKeyFromTheTokenSignsSha256WithRsa() throws Exception {
        Pkcs11CryptoProvider rsa = provider(JcaToken.KeyAlgorithm.RSA_2048);
        try {
            Credential c = rsa.enroll("bank105/org", "bank105", "bank105 AGENT_BANK", Credential.Kind.ORGANISATION,
                    Set.of(), PIN);
            assertEquals("RSA", c.certificate().getPublicKey().getAlgorithm());
            byte[] cms = rsa.sign("bank105/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
            SignerInformation info = new CMSSignedData(new CMSProcessableByteArray(VOUCHER), cms).getSignerInfos()
                    .getSigners().iterator().next();
            assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(c.certificate())));
            assertEquals(c.certificate(), soft.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());
        } finally {
            rsa.deactivate();
        }
    }

    @Test
    void theSoftProvidersSignaturesVerifyThroughThePkcs11Provider() {
        soft.enroll("finance/org", "finance", "finance FINANCE", Credential.Kind.ORGANISATION, Set.of(), PIN);
        byte[] cms = soft.sign("finance/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        assertEquals("finance", org.jinku.api.CertificateSubject.of(
                ec.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer()).organisation());
        // and the peers' certificates the token does not hold come from the software provider
        assertEquals(soft.credential("finance/org").orElseThrow().certificate(),
                ec.credential("finance/org").orElseThrow().certificate());
    }

    @Test
    void aWrongPinIsRefusedAndLocksTheContainerUntilReset() {
        ec.enroll("bank102/yh01", "bank102", "yh01@bank102", Credential.Kind.PERSON, Set.of(Post.ENTRY), PIN);
        JinkuException e = assertThrows(JinkuException.class,
                () -> ec.sign("bank102/yh01", "654321".toCharArray(), VOUCHER, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.WRONG_PIN, e.code());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> ec.sign("bank102/yh01", null, VOUCHER, CryptoProfile.DEFAULT)).code());
        // another container is not affected
        ec.sign("bank102/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> ec.signRaw("bank102/yh01", "000000".toCharArray(), VOUCHER, CryptoProfile.DEFAULT)).code());
        // the third wrong PIN in a row (pin.max.attempts = 3 here) locks it: even the right one is refused
        assertEquals(RejectCode.KEY_LOCKED, assertThrows(JinkuException.class,
                () -> ec.sign("bank102/yh01", "111111".toCharArray(), VOUCHER, CryptoProfile.DEFAULT)).code());
        assertEquals(RejectCode.KEY_LOCKED, assertThrows(JinkuException.class,
                () -> ec.sign("bank102/yh01", PIN, VOUCHER, CryptoProfile.DEFAULT)).code());
        // the security administrator's reset with the token's PIN unlocks it
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> ec.resetPin("bank102/yh01", "999999".toCharArray())).code());
        ec.resetPin("bank102/yh01", PIN);
        ec.sign("bank102/yh01", PIN, VOUCHER, CryptoProfile.DEFAULT);
    }

    @Test
    void theTokenItselfJudgesTheFirstPinEvenWhenThisProcessIsLoggedInAlready() throws Exception {
        ec.enroll("unit/org", "unit", "unit BUDGET_UNIT", Credential.Kind.ORGANISATION, Set.of(), PIN);
        ec.sign("unit/org", PIN, VOUCHER, CryptoProfile.DEFAULT); // its key handle is cached now
        Pkcs11CryptoProvider second = provider(JcaToken.KeyAlgorithm.EC_P256);
        try {
            // SunPKCS11 would take any PIN while the process is logged in: the provider logs out first
            assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                    () -> second.sign("unit/org", "000000".toCharArray(), VOUCHER, CryptoProfile.DEFAULT)).code());
            assertEquals(ec.credential("unit/org").orElseThrow(), second.credential("unit/org").orElseThrow(),
                    "before any login the certificate comes from the certificate files");
            second.sign("unit/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
            // the first provider lost its login to the second's logout: it logs in again with the same PIN, once
            // for all the threads that noticed
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<byte[]>> done = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    done.add(pool.submit(() -> ec.sign("unit/org", PIN, VOUCHER, CryptoProfile.DEFAULT)));
                }
                for (java.util.concurrent.Future<byte[]> f : done) {
                    assertEquals(ec.credential("unit/org").orElseThrow().certificate(),
                            soft.verify(VOUCHER, f.get(), CryptoProfile.DEFAULT).signer());
                }
            } finally {
                pool.shutdown();
            }
        } finally {
            second.deactivate();
        }
    }

    @Test
    void theTokensPrivateKeysCannotBeReadOut() throws Exception {
        ec.enroll("pboc/org", "pboc", "pboc PBOC", Credential.Kind.ORGANISATION, Set.of(), PIN);
        java.security.Provider p11 = ((JcaToken) ec.device()).provider();
        KeyStore ks = KeyStore.getInstance("PKCS11", p11);
        ks.load(null, PIN);
        Key key = ks.getKey("pboc/org", null);
        assertTrue(key instanceof java.security.PrivateKey);
        assertNull(key.getEncoded(), "a sensitive token key has no encoding");
        assertFalse(key instanceof ECPrivateKey || key instanceof RSAPrivateKey, "no private value is exposed");
        assertThrows(Exception.class, () -> KeyFactory.getInstance("EC", p11).getKeySpec(key, ECPrivateKeySpec.class),
                "the token refuses to give out CKA_VALUE");
        assertThrows(Exception.class, () -> KeyFactory.getInstance("RSA", p11).getKeySpec(key, RSAPrivateCrtKeySpec.class));
    }

    @Test
    void enrollingAgainKeepsAFittingKeyAndMakesANewOneWhenThePostsChangeRenewMakesANewKey() throws Exception {
        Credential first = ec.enroll("bank102/yh02", "bank102", "yh02@bank102", Credential.Kind.PERSON,
                Set.of(Post.REVIEW), PIN);
        assertEquals(first, ec.enroll("bank102/yh02", "bank102", "yh02@bank102", Credential.Kind.PERSON,
                Set.of(Post.REVIEW), PIN));
        Credential moved = ec.enroll("bank102/yh02", "bank102", "yh02@bank102", Credential.Kind.PERSON,
                Set.of(Post.REVIEW, Post.SEAL), PIN);
        assertNotEquals(first.certificate().getPublicKey(), moved.certificate().getPublicKey());
        assertEquals(Set.of(Post.REVIEW, Post.SEAL), org.jinku.api.CertificateSubject.of(moved.certificate()).posts());

        Credential renewed = ec.renew("bank102/yh02", PIN);
        assertNotEquals(moved.serialHex(), renewed.serialHex());
        assertNotEquals(moved.certificate().getPublicKey(), renewed.certificate().getPublicKey());
        assertEquals(moved.subject(), renewed.subject());
        byte[] cms = ec.sign("bank102/yh02", PIN, VOUCHER, CryptoProfile.DEFAULT);
        assertEquals(renewed.certificate(), soft.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());
        assertArrayEquals(renewed.certificate().getEncoded(), ec.credential("bank102/yh02").orElseThrow()
                .certificate().getEncoded());
    }

    @Test
    void aKeyCertifiedByAnotherCaIsReplacedOnEnrolment() throws Exception {
        SoftCryptoProvider otherSoft = SoftCryptoProvider.open(dir.resolve("other-soft"));
        Pkcs11CryptoProvider other = Pkcs11CryptoProvider.open(SoftHsm.settings(JcaToken.KeyAlgorithm.EC_P256,
                dir.resolve("other-certs")), otherSoft.certificateAuthority(), otherSoft, List.of());
        try {
            // a token that outlived its CA: the box CA was made anew under the same name
            other.enroll("moved/org", "moved", "moved AGENT_BANK", Credential.Kind.ORGANISATION, Set.of(), PIN);
        } finally {
            other.deactivate();
        }
        Credential c = ec.enroll("moved/org", "moved", "moved AGENT_BANK", Credential.Kind.ORGANISATION, Set.of(), PIN);
        c.certificate().verify(ca.certificate().getPublicKey(), BC);
        byte[] cms = ec.sign("moved/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        assertEquals(c.certificate(), soft.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());
    }

    @Test
    void decryptionIsNotTheTokensAndPinChangesGoThroughTheTokensTool() {
        ec.enroll("finance/sh01", "finance", "sh01@finance", Credential.Kind.PERSON, Set.of(Post.REVIEW), PIN);
        JinkuException d = assertThrows(JinkuException.class,
                () -> ec.decrypt("finance/sh01", PIN, new byte[10], CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, d.code());
        assertTrue(d.getMessage().contains("does not decrypt"), d.getMessage());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> ec.changePin("finance/sh01", "000000".toCharArray(), "222222".toCharArray())).code());
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> ec.changePin("finance/sh01", PIN, "222222".toCharArray())).code());
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> ec.sign("nobody/org", PIN, VOUCHER, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void theSlotOfALabelIsFoundInEitherToolsListing() {
        String opensc = """
                Available slots:
                Slot 0 (0x1b135de4): SoftHSM slot ID 0x1b135de4
                  token label        : jinku-test
                  token manufacturer : SoftHSM project
                Slot 1 (0x1): SoftHSM slot ID 0x1
                  token state:   uninitialized
                """;
        assertEquals(0x1b135de4L, TokenSlots.parse(opensc, "jinku-test").orElseThrow());
        String softhsm = """
                Available slots:
                Slot 454254052
                    Slot info:
                        Description:      SoftHSM slot ID 0x1b135de4
                    Token info:
                        Label:            jinku-test                      
                Slot 1
                    Token info:
                        Label:                                            
                """;
        assertEquals(454254052L, TokenSlots.parse(softhsm, "jinku-test").orElseThrow());
        assertTrue(TokenSlots.parse(softhsm, "other").isEmpty());
    }
}
