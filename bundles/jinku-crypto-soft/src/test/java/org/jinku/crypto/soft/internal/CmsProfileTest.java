package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.CryptoProfile.CipherLayout;
import org.jinku.api.CryptoProfile.Encoding;
import org.jinku.api.CryptoProfile.Identifiers;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/** CMS in both identifier sets and signature encodings, user IDs, transcoding, key usage, other algorithms. */
class CmsProfileTest {

    private static final char[] PIN = "123456".toCharArray();
    private static final CryptoProfile GMT_RAW = new CryptoProfile(Identifiers.GMT, null, Encoding.RAW, CipherLayout.C1C3C2);
    private final byte[] text = "<Voucher><Amt>100.00</Amt></Voucher>".getBytes(StandardCharsets.UTF_8);
    private final BouncyCastleProvider bc = new BouncyCastleProvider();

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private Credential clerk;

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir);
        clerk = crypto.enroll("finance/lr01", "finance", "lr01@finance", Credential.Kind.PERSON, Set.of(), PIN);
    }

    private static SignerInfo signer(byte[] cms) {
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(cms).getContent());
        return SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
    }

    @Test
    void pkcs7ProfileWritesRfc5652IdentifiersInDer() throws Exception {
        byte[] cms = crypto.sign("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        assertArrayEquals(cms, ASN1Primitive.fromByteArray(cms).getEncoded(ASN1Encoding.DER), "DER");
        ContentInfo ci = ContentInfo.getInstance(cms);
        assertEquals("1.2.840.113549.1.7.2", ci.getContentType().getId());
        SignedData sd = SignedData.getInstance(ci.getContent());
        assertEquals("1.2.840.113549.1.7.1", sd.getEncapContentInfo().getContentType().getId());
        assertNull(sd.getEncapContentInfo().getContent(), "detached");
        SignerInfo si = signer(cms);
        assertEquals("1.2.156.10197.1.401", si.getDigestAlgorithm().getAlgorithm().getId());
        assertEquals("1.2.156.10197.1.501", si.getDigestEncryptionAlgorithm().getAlgorithm().getId());
        assertNull(si.getAuthenticatedAttributes());
        assertEquals(0x30, si.getEncryptedDigest().getOctets()[0] & 0xFF, "DER SEQUENCE{r, s}");
    }

    @Test
    void gmtRawProfileWritesGmt0010IdentifiersAndPlainRs() {
        byte[] cms = crypto.sign("finance/lr01", PIN, text, GMT_RAW);
        ContentInfo ci = ContentInfo.getInstance(cms);
        assertEquals("1.2.156.10197.6.1.4.2.2", ci.getContentType().getId());
        assertEquals("1.2.156.10197.6.1.4.2.1",
                SignedData.getInstance(ci.getContent()).getEncapContentInfo().getContentType().getId());
        SignerInfo si = signer(cms);
        assertEquals("1.2.156.10197.1.401", si.getDigestAlgorithm().getAlgorithm().getId());
        assertEquals("1.2.156.10197.1.301.1", si.getDigestEncryptionAlgorithm().getAlgorithm().getId());
        assertEquals(64, si.getEncryptedDigest().getOctets().length);
        // either profile reads either form
        assertEquals(clerk.serialHex(), crypto.verify(text, cms, GMT_RAW).serialHex());
        assertEquals(clerk.serialHex(), crypto.verify(text, cms, CryptoProfile.DEFAULT).serialHex());
        byte[] altered = text.clone();
        altered[1] ^= 1;
        assertEquals(RejectCode.BAD_SIGNATURE,
                assertThrows(JinkuException.class, () -> crypto.verify(altered, cms, GMT_RAW)).code());
    }

    @Test
    void transcodingKeepsTheSignatureValueAndRoundTripsExactly() {
        byte[] pkcs7 = crypto.sign("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        byte[] gmt = crypto.transcode(pkcs7, GMT_RAW);
        assertEquals("1.2.156.10197.6.1.4.2.2", ContentInfo.getInstance(gmt).getContentType().getId());
        assertArrayEquals(Sm2.derToRaw(signer(pkcs7).getEncryptedDigest().getOctets()),
                signer(gmt).getEncryptedDigest().getOctets(), "same r and s");
        crypto.verify(text, gmt, CryptoProfile.DEFAULT);
        assertArrayEquals(pkcs7, crypto.transcode(gmt, CryptoProfile.DEFAULT), "back to the very same bytes");
        byte[] gmtDer = crypto.transcode(gmt, new CryptoProfile(Identifiers.GMT, null, Encoding.DER, CipherLayout.C1C3C2));
        assertArrayEquals(signer(pkcs7).getEncryptedDigest().getOctets(), signer(gmtDer).getEncryptedDigest().getOctets());
        assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                () -> crypto.transcode(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, GMT_RAW)).code());
    }

    @Test
    void anotherSm2UserIdIsABadSignature() {
        CryptoProfile alice = new CryptoProfile(Identifiers.PKCS7, "ALICE123@YAHOO.COM", Encoding.DER, CipherLayout.C1C3C2);
        byte[] cms = crypto.sign("finance/lr01", PIN, text, alice);
        assertEquals(clerk.serialHex(), crypto.verify(text, cms, alice).serialHex());
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(text, cms, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.BAD_SIGNATURE, e.code());
        assertTrue(e.getMessage().contains("SM2 user ID '1234567812345678'"), e.getMessage());
        byte[] raw = crypto.signRaw("finance/lr01", PIN, text, alice);
        crypto.verifyRaw(clerk.certificate(), text, raw, alice);
        assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                () -> crypto.verifyRaw(clerk.certificate(), text, raw, CryptoProfile.DEFAULT)).code());
        // the default profile's signature still verifies on the same thread after the failures
        crypto.verifyRaw(clerk.certificate(), text, crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT),
                CryptoProfile.DEFAULT);
        crypto.verify(text, crypto.sign("finance/lr01", PIN, text, CryptoProfile.DEFAULT), CryptoProfile.DEFAULT);
    }

    @Test
    void rawSignaturesInEitherEncodingVerifyWithTheJcaToo() throws Exception {
        byte[] der = crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        byte[] raw = crypto.signRaw("finance/lr01", PIN, text, GMT_RAW);
        assertEquals(64, raw.length);
        assertEquals(0x30, der[0]);
        for (byte[] sig : List.of(der, raw)) {
            crypto.verifyRaw(clerk.certificate(), text, sig, CryptoProfile.DEFAULT);
            crypto.verifyRaw(clerk.certificate(), text, sig, GMT_RAW);
        }
        Signature v = Signature.getInstance("SM3withSM2", bc);
        v.setParameter(new SM2ParameterSpec("1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        v.initVerify(clerk.certificate());
        v.update(text);
        assertTrue(v.verify(der));
        assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                () -> crypto.verifyRaw(clerk.certificate(), text, new byte[64], CryptoProfile.DEFAULT)).code());
    }

    /** What deployed peers running bcpkix read: our DER CMS verifies with bcpkix's own verifier. */
    @Test
    void bcpkixVerifiesWhatWeWrite() throws Exception {
        byte[] cms = crypto.sign("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(text), cms);
        SignerInformation si = signed.getSignerInfos().getSigners().iterator().next();
        assertTrue(si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(bc).build(clerk.certificate())));
    }

    /** What bcpkix wrote for Jinku before (BER, no signed attributes) and with signed attributes, verifies. */
    @Test
    void bcpkixSignaturesVerifyWithAndWithoutSignedAttributes() throws Exception {
        KeyPair kp = keys("EC", "sm2p256v1");
        X509Certificate cert = crypto.certificateAuthority().issue("CN=peer,OU=Person,O=bank,C=CN", kp.getPublic(),
                Credential.Kind.PERSON);
        for (boolean direct : new boolean[] {true, false}) {
            CMSSignedDataGenerator g = new CMSSignedDataGenerator();
            g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .setProvider(bc).build()).setDirectSignature(direct)
                    .build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(kp.getPrivate()), cert));
            g.addCertificates(new JcaCertStore(List.of(cert)));
            byte[] cms = g.generate(new CMSProcessableByteArray(text), false).getEncoded();
            assertTrue(crypto.verify(text, cms, CryptoProfile.DEFAULT).subject().contains("CN=peer"));
            // the signer named by subject key identifier instead of issuer and serial
            CMSSignedDataGenerator bySki = new CMSSignedDataGenerator();
            bySki.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .setProvider(bc).build()).setDirectSignature(direct)
                    .build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(kp.getPrivate()),
                            new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                                    .createSubjectKeyIdentifier(kp.getPublic()).getKeyIdentifier()));
            bySki.addCertificates(new JcaCertStore(List.of(cert)));
            byte[] skiCms = bySki.generate(new CMSProcessableByteArray(text), false).getEncoded();
            assertTrue(signer(skiCms).getSID().isTagged());
            assertTrue(crypto.verify(text, skiCms, CryptoProfile.DEFAULT).subject().contains("CN=peer"));
            // the same in DER: the fast reading when there are no signed attributes, the full one otherwise
            byte[] skiDer = ASN1Primitive.fromByteArray(skiCms).getEncoded(ASN1Encoding.DER);
            assertEquals(direct, Cms.fastParse(skiDer) != null);
            assertNull(Cms.fastParse(cms), "BER goes the full way");
            assertTrue(crypto.verify(text, skiDer, CryptoProfile.DEFAULT).subject().contains("CN=peer"));
            byte[] altered = text.clone();
            altered[3] ^= 1;
            assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                    () -> crypto.verify(altered, skiDer, CryptoProfile.DEFAULT)).code());
            assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                    () -> crypto.verify(altered, cms, CryptoProfile.DEFAULT)).code(), "direct " + direct);
        }
    }

    /** A peer CA in trust/ whose certificates carry P-256 keys (an HSM's), and one with restrictive key usage. */
    @Test
    void ecdsaP256SignaturesOfATrustedPeerVerifyAndKeyUsageIsEnforced() throws Exception {
        KeyPair caKeys = keys("EC", "sm2p256v1");
        X500Name caName = new X500Name("CN=Peer CA,C=CN");
        X509Certificate caCert = certificate(caName, caName, caKeys, caKeys.getPublic(), BigInteger.ONE, null);
        Files.createDirectories(dir.resolve("trust"));
        Files2.writePem(dir.resolve("trust/peer-ca.crt"), caCert);
        SoftCryptoProvider withPeer = SoftCryptoProvider.open(dir);
        assertEquals(2, withPeer.trustAnchors().size());

        KeyPair hsm = keys("EC", "secp256r1");
        X509Certificate hsmCert = certificate(caName, new X500Name("CN=hsm,OU=Organisation,O=bank,C=CN"), caKeys,
                hsm.getPublic(), BigInteger.TWO, new KeyUsage(KeyUsage.digitalSignature));
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(bc).build()).setDirectSignature(true)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc).build(hsm.getPrivate()), hsmCert));
        g.addCertificates(new JcaCertStore(List.of(hsmCert)));
        byte[] ecdsa = g.generate(new CMSProcessableByteArray(text), false).getEncoded();
        assertTrue(withPeer.verify(text, ecdsa, CryptoProfile.DEFAULT).subject().contains("CN=hsm"));
        Signature s = Signature.getInstance("SHA256withECDSA", bc);
        s.initSign(hsm.getPrivate());
        s.update(text);
        byte[] bare = s.sign();
        withPeer.verifyRaw(hsmCert, text, bare, CryptoProfile.DEFAULT);
        // the same certificate as the JDK decodes it (an HSM provider's) is judged the same
        X509Certificate jdk = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(hsmCert.getEncoded()));
        assertEquals(hsmCert, withPeer.trust(jdk));
        withPeer.verifyRaw(jdk, text, bare, CryptoProfile.DEFAULT);

        // an encryption-only certificate may not sign
        KeyPair enc = keys("EC", "sm2p256v1");
        X509Certificate encCert = certificate(caName, new X500Name("CN=enc,OU=Organisation,O=bank,C=CN"), caKeys,
                enc.getPublic(), BigInteger.valueOf(3), new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
        Signature sm2 = Signature.getInstance("SM3withSM2", bc);
        sm2.initSign(enc.getPrivate());
        sm2.update(text);
        byte[] cms = Cms.assemble(Cms.template(encCert, Identifiers.PKCS7), sm2.sign());
        JinkuException e = assertThrows(JinkuException.class, () -> withPeer.verify(text, cms, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.BAD_KEY_USAGE, e.code());
        assertTrue(e.getMessage().contains("[keyEncipherment, dataEncipherment]")
                && e.getMessage().contains("neither digitalSignature nor nonRepudiation"), e.getMessage());
        assertEquals(RejectCode.BAD_KEY_USAGE, assertThrows(JinkuException.class, () -> withPeer.trust(encCert)).code());
        // no key usage extension at all allows signing (RFC 5280)
        X509Certificate open = certificate(caName, new X500Name("CN=any,O=bank,C=CN"), caKeys, enc.getPublic(),
                BigInteger.valueOf(4), null);
        assertEquals(open, withPeer.trust(open));
        assertEquals(open, withPeer.verify(text, Cms.assemble(Cms.template(open, Identifiers.GMT), sm2Sign(enc)),
                CryptoProfile.DEFAULT).signer());
    }

    private byte[] sm2Sign(KeyPair kp) throws Exception {
        Signature sm2 = Signature.getInstance("SM3withSM2", bc);
        sm2.initSign(kp.getPrivate());
        sm2.update(text);
        return sm2.sign();
    }

    /** Our own output is read by walking its bytes; a signer identifier naming no included certificate fails. */
    @Test
    void fastReadingFindsTheSignerOrLeavesTheVerdictToTheFullReading() throws Exception {
        byte[] cms = crypto.sign("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        Cms.Fast fast = Cms.fastParse(cms);
        assertEquals(Oids.SM3, fast.digest());
        assertEquals(2, fast.certificates().length);
        assertArrayEquals(signer(cms).getEncryptedDigest().getOctets(), fast.signature());
        // the serial in the signer identifier changed: no certificate matches
        byte[] serial = clerk.certificate().getSerialNumber().toByteArray();
        byte[] other = cms.clone();
        int at = lastIndexOf(other, serial);
        other[at + serial.length - 1] ^= 1;
        assertEquals(null, Cms.fastParse(other).signer(new Trust(bc, crypto.trustAnchors())));
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(text, other, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
        assertEquals("the signer certificate is not included", e.getMessage());
        // truncated or padded: not read as DER, the full reading refuses it
        for (byte[] broken : new byte[][] {java.util.Arrays.copyOf(cms, cms.length - 1), java.util.Arrays.copyOf(cms, cms.length + 1)}) {
            assertNull(Cms.fastParse(broken));
            assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                    () -> crypto.verify(text, broken, CryptoProfile.DEFAULT)).code());
        }
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void trustJudgesChainValidityAndUsage() throws Exception {
        assertEquals(clerk.certificate(), crypto.trust(clerk.certificate()));

        SoftCryptoProvider other = SoftCryptoProvider.open(dir.resolve("other"));
        Credential stranger = other.enroll("x/y", "x", "y", Credential.Kind.PERSON, Set.of(), PIN);
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.trust(stranger.certificate()));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
    }

    private KeyPair keys(String algorithm, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, bc);
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair issuerKeys,
                                        java.security.PublicKey key, BigInteger serial, KeyUsage usage) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                subject, key);
        if (usage != null) {
            b.addExtension(Extension.keyUsage, true, usage);
        }
        return new JcaX509CertificateConverter().setProvider(bc).getCertificate(
                b.build(new JcaContentSignerBuilder("SM3WITHSM2").setProvider(bc).build(issuerKeys.getPrivate())));
    }
}
