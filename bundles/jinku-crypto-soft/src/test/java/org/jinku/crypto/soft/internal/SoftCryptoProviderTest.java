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
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;

class SoftCryptoProviderTest {

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private final byte[] voucherText = "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iR0JLIj8+".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir.resolve("keys"));
    }

    @Test
    void enrolledPersonSignsAndTheBoxVerifiesTheChain() {
        Credential alice = crypto.enroll("finance/lr01", "lr01@finance", Credential.Kind.PERSON);
        assertEquals("1.2.156.10197.1.501", alice.certificate().getSigAlgOID(), "SM3withSM2");
        byte[] cms = crypto.sign("finance/lr01", voucherText);
        VerifiedSignature v = crypto.verify(voucherText, cms);
        assertEquals(alice.serialHex(), v.serialHex());
        assertTrue(v.subject().contains("CN=lr01@finance"));
    }

    @Test
    void signatureIsDetachedAndCarriesNoSignedAttributes() {
        crypto.enroll("finance/org", "Finance", Credential.Kind.ORGANISATION);
        byte[] cms = crypto.sign("finance/org", voucherText);
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(cms).getContent());
        assertEquals(null, sd.getEncapContentInfo().getContent(), "content must be detached");
        SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        assertEquals(null, si.getAuthenticatedAttributes());
        assertEquals("1.2.156.10197.1.401", si.getDigestAlgorithm().getAlgorithm().getId(), "SM3");
        assertEquals(1, sd.getCertificates().size());
    }

    @Test
    void alteredContentIsABadSignature() {
        crypto.enroll("finance/lr01", "lr01", Credential.Kind.PERSON);
        byte[] cms = crypto.sign("finance/lr01", voucherText);
        byte[] altered = voucherText.clone();
        altered[5] ^= 1;
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(altered, cms));
        assertEquals(RejectCode.BAD_SIGNATURE, e.code());
    }

    @Test
    void garbageIsABadSignatureNotACrash() {
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, new byte[] {1, 2, 3}));
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
            JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, cms));
            assertEquals(RejectCode.BAD_SIGNATURE, e.code());
        }
    }

    @Test
    void certificateOfAnotherCaIsUnknown() throws Exception {
        SoftCryptoProvider rogue = SoftCryptoProvider.open(dir.resolve("rogue"));
        rogue.enroll("x/mallory", "mallory", Credential.Kind.PERSON);
        byte[] cms = rogue.sign("x/mallory", voucherText);
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.verify(voucherText, cms));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
        // same CA name, different CA key: an impostor CA
        assertTrue(e.getMessage().contains("CA signature does not verify"), e.getMessage());
    }

    @Test
    void keysAndCaSurviveARestart() throws Exception {
        Credential first = crypto.enroll("bank/org", "Bank", Credential.Kind.ORGANISATION);
        byte[] cms = crypto.sign("bank/org", voucherText);
        SoftCryptoProvider reopened = SoftCryptoProvider.open(dir.resolve("keys"));
        assertEquals(first.certificate(), reopened.enroll("bank/org", "Bank", Credential.Kind.ORGANISATION).certificate());
        assertEquals(first.serialHex(), reopened.verify(voucherText, cms).serialHex());
        assertNotEquals(first.serialHex(), reopened.enroll("bank/other", "Other", Credential.Kind.PERSON).serialHex());
    }

    @Test
    void sm3MatchesTheStandardVector() {
        // GB/T 32905-2016 Annex A.1: SM3("abc")
        assertArrayEquals(Hex.decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                crypto.digest("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        crypto.enroll("bank/org", "Bank", Credential.Kind.ORGANISATION);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/bank/org.key"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/ca/ca.key"))));
    }

    @Test
    void badAliasIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> crypto.enroll("../etc/passwd", "x", Credential.Kind.PERSON));
    }
}
