package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;

class SoftCryptoProviderTest {

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private final byte[] voucherText = "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iR0JLIj8+".getBytes(StandardCharsets.US_ASCII);

    static final char[] PIN = "123456".toCharArray();

    static Credential enroll(SoftCryptoProvider p, String alias, String cn, Credential.Kind kind) {
        int slash = alias.indexOf('/');
        return p.enroll(alias, slash < 0 ? alias : alias.substring(0, slash), cn, kind, java.util.Set.of(), PIN);
    }

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir.resolve("keys"));
    }

    @Test
    void enrolledPersonSignsAndTheBoxVerifiesTheChain() {
        Credential alice = enroll(crypto, "finance/lr01", "lr01@finance", Credential.Kind.PERSON);
        assertEquals("1.2.156.10197.1.501", alice.certificate().getSigAlgOID(), "SM3withSM2");
        byte[] cms = crypto.sign("finance/lr01", PIN, voucherText, CryptoProfile.DEFAULT);
        VerifiedSignature v = crypto.verify(voucherText, cms, CryptoProfile.DEFAULT);
        assertEquals(alice.serialHex(), v.serialHex());
        assertTrue(v.subject().contains("CN=lr01@finance"));
    }

    @Test
    void signatureIsDetachedAndCarriesNoSignedAttributes() {
        enroll(crypto, "finance/org", "Finance", Credential.Kind.ORGANISATION);
        byte[] cms = crypto.sign("finance/org", PIN, voucherText, CryptoProfile.DEFAULT);
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(cms).getContent());
        assertEquals(null, sd.getEncapContentInfo().getContent(), "content must be detached");
        SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        assertEquals(null, si.getAuthenticatedAttributes());
        assertEquals("1.2.156.10197.1.401", si.getDigestAlgorithm().getAlgorithm().getId(), "SM3");
        assertEquals(1, sd.getCertificates().size());
    }

    @Test
    void alteredContentIsABadSignature() {
        enroll(crypto, "finance/lr01", "lr01", Credential.Kind.PERSON);
        byte[] cms = crypto.sign("finance/lr01", PIN, voucherText, CryptoProfile.DEFAULT);
        byte[] altered = voucherText.clone();
        altered[5] ^= 1;
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(altered, cms, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.BAD_SIGNATURE, e.code());
    }

    @Test
    void garbageIsABadSignatureNotACrash() {
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, new byte[] {1, 2, 3}, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.BAD_SIGNATURE, e.code());
    }

    @Test
    void oddlyShapedCmsIsABadSignatureNotAnUncheckedException() throws Exception {
        // SignedData whose SignerInfos set is empty, and one whose SignerInfo is an INTEGER
        for (ASN1Encodable signerInfo : new ASN1Encodable[] {null, new ASN1Integer(7)}) {
            ASN1EncodableVector infos = new ASN1EncodableVector();
            if (signerInfo != null) {
                infos.add(signerInfo);
            }
            ASN1EncodableVector sd = new ASN1EncodableVector();
            sd.add(new ASN1Integer(1));
            sd.add(new DERSet());
            sd.add(new DERSequence(CMSObjectIdentifiers.data));
            sd.add(new DERSet(infos));
            byte[] cms = new DERSequence(new ASN1Encodable[] {CMSObjectIdentifiers.signedData,
                    new DERTaggedObject(true, 0, new DERSequence(sd))}).getEncoded();
            JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, cms, CryptoProfile.DEFAULT));
            assertEquals(RejectCode.BAD_SIGNATURE, e.code());
        }
    }

    @Test
    void certificateOfAnotherCaIsUnknown() throws Exception {
        SoftCryptoProvider rogue = SoftCryptoProvider.open(dir.resolve("rogue"));
        enroll(rogue, "x/mallory", "mallory", Credential.Kind.PERSON);
        byte[] cms = rogue.sign("x/mallory", PIN, voucherText, CryptoProfile.DEFAULT);
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, cms, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
        // same CA name, different CA key: an impostor CA
        assertTrue(e.getMessage().contains("CA signature does not verify"), e.getMessage());
    }

    /**
     * Deployed systems still sign with RSA/SHA-1 under the MOF CA: once that CA is in the trust
     * directory, such a detached CMS verifies; before, its certificate is unknown.
     */
    @Test
    void rsaSha1SignaturesOfATrustedPeerCaVerify() throws Exception {
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA", bc);
        g.initialize(2048);
        java.security.KeyPair caKeys = g.generateKeyPair();
        java.security.KeyPair signerKeys = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name caName = new org.bouncycastle.asn1.x500.X500Name("CN=MOF CA,C=CN");
        java.util.Date from = new java.util.Date(System.currentTimeMillis() - 60_000);
        java.util.Date to = new java.util.Date(System.currentTimeMillis() + 86_400_000L);
        org.bouncycastle.cert.jcajce.JcaX509CertificateConverter conv =
                new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(bc);
        java.security.cert.X509Certificate caCert = conv.getCertificate(new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                caName, java.math.BigInteger.ONE, from, to, caName, caKeys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        java.security.cert.X509Certificate signer = conv.getCertificate(new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                caName, java.math.BigInteger.TWO, from, to, new org.bouncycastle.asn1.x500.X500Name("CN=legacy finance"),
                signerKeys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        org.bouncycastle.cms.CMSSignedDataGenerator gen = new org.bouncycastle.cms.CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                .setDirectSignature(true)
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA1withRSA").build(
                        signerKeys.getPrivate()), signer));
        gen.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(java.util.List.of(signer)));
        byte[] cms = gen.generate(new org.bouncycastle.cms.CMSProcessableByteArray(voucherText), false).getEncoded();

        assertEquals(RejectCode.UNKNOWN_CERTIFICATE,
                assertThrows(JinkuException.class, () -> crypto.verify(voucherText, cms, CryptoProfile.DEFAULT)).code());

        java.nio.file.Files.createDirectories(dir.resolve("keys/trust"));
        Files2.writePem(dir.resolve("keys/trust/mof-ca.crt"), caCert);
        SoftCryptoProvider withMofCa = SoftCryptoProvider.open(dir.resolve("keys"));
        assertEquals(2, withMofCa.trustAnchors().size());
        assertTrue(withMofCa.verify(voucherText, cms, CryptoProfile.DEFAULT).subject().contains("CN=legacy finance"));
    }

    /** The same signature labelled with GM/T 0010 identifiers verifies too; tampered content still fails. */
    @Test
    void gmt0010LabelledSignaturesVerify() throws Exception {
        enroll(crypto, "finance/lr01", "lr01", Credential.Kind.PERSON);
        byte[] pkcs7 = crypto.sign("finance/lr01", PIN, voucherText, CryptoProfile.DEFAULT);
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(pkcs7).getContent());
        SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        SignerInfo gmtSigner = new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(Oids.SM2_SIGN), si.getEncryptedDigest(),
                si.getUnauthenticatedAttributes());
        SignedData gmt = new SignedData(sd.getDigestAlgorithms(), new ContentInfo(Oids.GMT_DATA, null),
                sd.getCertificates(), sd.getCRLs(), new DERSet(gmtSigner));
        byte[] gmtCms = new ContentInfo(Oids.GMT_SIGNED_DATA, gmt).getEncoded();

        assertTrue(crypto.verify(voucherText, gmtCms, CryptoProfile.DEFAULT).subject().contains("CN=lr01"));
        byte[] altered = voucherText.clone();
        altered[0] ^= 1;
        assertEquals(RejectCode.BAD_SIGNATURE,
                assertThrows(JinkuException.class, () -> crypto.verify(altered, gmtCms, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void keysAndCaSurviveARestart() throws Exception {
        Credential first = enroll(crypto, "bank/org", "Bank", Credential.Kind.ORGANISATION);
        byte[] cms = crypto.sign("bank/org", PIN, voucherText, CryptoProfile.DEFAULT);
        SoftCryptoProvider reopened = SoftCryptoProvider.open(dir.resolve("keys"));
        assertEquals(first.certificate(), enroll(reopened, "bank/org", "Bank", Credential.Kind.ORGANISATION).certificate());
        assertEquals(first.serialHex(), reopened.verify(voucherText, cms, CryptoProfile.DEFAULT).serialHex());
        assertNotEquals(first.serialHex(), enroll(reopened, "bank/other", "Other", Credential.Kind.PERSON).serialHex());
    }

    @Test
    void sm3MatchesTheStandardVector() {
        // GB/T 32905-2016 Annex A.1: SM3("abc")
        assertArrayEquals(Hex.decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                crypto.digest("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        enroll(crypto, "bank/org", "Bank", Credential.Kind.ORGANISATION);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/bank/org.p12"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/ca/ca.key"))));
    }

    @Test
    void badAliasIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> enroll(crypto, "../etc/passwd", "x", Credential.Kind.PERSON));
    }

    @Test
    void certificatesSayWhichPartyAndWhichPostsTheirHolderHas() {
        Credential clerk = crypto.enroll("finance/lr01", "finance", "lr01@finance", Credential.Kind.PERSON,
                java.util.Set.of(org.jinku.api.Post.ENTRY), PIN);
        org.jinku.api.CertificateSubject s = org.jinku.api.CertificateSubject.of(clerk.certificate());
        assertEquals("finance", s.organisation());
        assertEquals(Credential.Kind.PERSON, s.kind());
        assertEquals(java.util.Set.of(org.jinku.api.Post.ENTRY), s.posts());
        org.jinku.api.CertificateSubject orgSubject = org.jinku.api.CertificateSubject.of(
                enroll(crypto, "finance/org", "finance FINANCE", Credential.Kind.ORGANISATION).certificate());
        assertEquals("finance", orgSubject.organisation());
        assertEquals(Credential.Kind.ORGANISATION, orgSubject.kind());
        assertTrue(orgSubject.posts().isEmpty());
        // a change of post gives a new certificate; the same posts keep the old one
        Credential promoted = crypto.enroll("finance/lr01", "finance", "lr01@finance", Credential.Kind.PERSON,
                java.util.Set.of(org.jinku.api.Post.ENTRY, org.jinku.api.Post.REVIEW), PIN);
        assertNotEquals(clerk.serialHex(), promoted.serialHex());
        assertEquals(promoted.serialHex(), crypto.enroll("finance/lr01", "finance", "lr01@finance",
                Credential.Kind.PERSON, java.util.Set.of(org.jinku.api.Post.REVIEW, org.jinku.api.Post.ENTRY), PIN).serialHex());
    }
}
