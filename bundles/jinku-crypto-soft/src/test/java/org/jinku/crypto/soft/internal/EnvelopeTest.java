package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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

/** GM/T 0010 EnvelopedData: SM4-CBC content, SM2-wrapped key in either layout. */
class EnvelopeTest {

    private static final char[] PIN = "123456".toCharArray();
    private static final CryptoProfile C1C2C3 = new CryptoProfile(Identifiers.GMT, null, Encoding.DER, CipherLayout.C1C2C3);
    private final byte[] payload = "<Batch><Line>1</Line><Amt>12.30</Amt></Batch>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private Credential bank;

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir);
        bank = crypto.enroll("bank/org", "bank", "Bank", Credential.Kind.ORGANISATION, Set.of(), PIN);
    }

    @Test
    void envelopeRoundTripsInBothLayouts() {
        for (CryptoProfile p : new CryptoProfile[] {CryptoProfile.DEFAULT, C1C2C3}) {
            byte[] env = crypto.encrypt(bank.certificate(), payload, p);
            assertArrayEquals(payload, crypto.decrypt("bank/org", PIN, env, p), p.toString());
        }
        byte[] big = new byte[200_000];
        new java.util.Random(1).nextBytes(big);
        assertArrayEquals(big, crypto.decrypt("bank/org", PIN, crypto.encrypt(bank.certificate(), big,
                CryptoProfile.DEFAULT), CryptoProfile.DEFAULT));
        assertArrayEquals(new byte[0], crypto.decrypt("bank/org", PIN, crypto.encrypt(bank.certificate(), new byte[0],
                CryptoProfile.DEFAULT), CryptoProfile.DEFAULT));
    }

    @Test
    void envelopeIsGmt0010EnvelopedDataWithSm2WrappedSm4Key() {
        byte[] env = crypto.encrypt(bank.certificate(), payload, CryptoProfile.DEFAULT);
        ContentInfo ci = ContentInfo.getInstance(env);
        assertEquals("1.2.156.10197.6.1.4.2.3", ci.getContentType().getId());
        EnvelopedData ed = EnvelopedData.getInstance(ci.getContent());
        assertEquals(1, ed.getRecipientInfos().size());
        KeyTransRecipientInfo ktri = (KeyTransRecipientInfo) RecipientInfo.getInstance(
                ed.getRecipientInfos().getObjectAt(0)).getInfo();
        IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(ktri.getRecipientIdentifier().getId());
        assertEquals(bank.certificate().getSerialNumber(), ias.getSerialNumber().getValue());
        assertEquals("1.2.156.10197.1.301.3", ktri.getKeyEncryptionAlgorithm().getAlgorithm().getId());
        byte[] wrapped = ktri.getEncryptedKey().getOctets();
        assertEquals(0x04, wrapped[0], "uncompressed C1");
        assertEquals(1 + 64 + 32 + 16, wrapped.length, "C1 ‖ C3 ‖ C2 of a 16-byte key");
        EncryptedContentInfo eci = ed.getEncryptedContentInfo();
        assertEquals("1.2.156.10197.1.104.2", eci.getContentEncryptionAlgorithm().getAlgorithm().getId());
        assertEquals(16, ASN1OctetString.getInstance(eci.getContentEncryptionAlgorithm().getParameters()).getOctets().length);
        assertEquals(payload.length / 16 * 16 + 16, eci.getEncryptedContent().getOctets().length, "PKCS#7 padding");
        assertEquals("1.2.840.113549.1.7.1", eci.getContentType().getId());
        assertEquals("1.2.156.10197.6.1.4.2.1", EnvelopedData.getInstance(ContentInfo.getInstance(
                crypto.encrypt(bank.certificate(), payload, C1C2C3)).getContent())
                .getEncryptedContentInfo().getContentType().getId());
    }

    /** The layout is really the profile's: with a key the test holds, only the named layout decrypts. */
    @Test
    void wrappedKeyIsInTheProfilesLayout() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = crypto.certificateAuthority().issue("CN=t,OU=Organisation,O=t,C=CN", kp.getPublic(),
                Credential.Kind.ORGANISATION);
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(kp.getPrivate());
        for (CryptoProfile p : new CryptoProfile[] {CryptoProfile.DEFAULT, C1C2C3}) {
            byte[] wrapped = wrappedKey(crypto.encrypt(cert, payload, p));
            SM2Engine.Mode right = p.cipherLayout() == CipherLayout.C1C2C3 ? SM2Engine.Mode.C1C2C3 : SM2Engine.Mode.C1C3C2;
            SM2Engine.Mode wrong = right == SM2Engine.Mode.C1C2C3 ? SM2Engine.Mode.C1C3C2 : SM2Engine.Mode.C1C2C3;
            SM2Engine e = new SM2Engine(new SM3Digest(), right);
            e.init(false, key);
            assertEquals(16, e.processBlock(wrapped, 0, wrapped.length).length);
            SM2Engine w = new SM2Engine(new SM3Digest(), wrong);
            w.init(false, key);
            assertThrows(InvalidCipherTextException.class, () -> w.processBlock(wrapped, 0, wrapped.length));
        }
    }

    private static byte[] wrappedKey(byte[] env) {
        EnvelopedData ed = EnvelopedData.getInstance(ContentInfo.getInstance(env).getContent());
        return ((KeyTransRecipientInfo) RecipientInfo.getInstance(ed.getRecipientInfos().getObjectAt(0)).getInfo())
                .getEncryptedKey().getOctets();
    }

    /** A peer that mislabels its layout is still read: the C3 hash tells the layouts apart. */
    @Test
    void eitherLayoutIsReadWhateverTheProfileSays() {
        byte[] env = crypto.encrypt(bank.certificate(), payload, C1C2C3);
        assertArrayEquals(payload, crypto.decrypt("bank/org", PIN, env, CryptoProfile.DEFAULT));
    }

    /** A recipient may be named by subject key identifier instead of issuer and serial (RFC 5652 rid [0]). */
    @Test
    void recipientNamedBySubjectKeyIdentifierIsFound() throws Exception {
        ContentInfo ci = ContentInfo.getInstance(crypto.encrypt(bank.certificate(), payload, CryptoProfile.DEFAULT));
        EnvelopedData ed = EnvelopedData.getInstance(ci.getContent());
        KeyTransRecipientInfo ktri = (KeyTransRecipientInfo) RecipientInfo.getInstance(
                ed.getRecipientInfos().getObjectAt(0)).getInfo();
        byte[] ski = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                bank.certificate().getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        KeyTransRecipientInfo bySki = new KeyTransRecipientInfo(new org.bouncycastle.asn1.cms.RecipientIdentifier(
                new org.bouncycastle.asn1.DEROctetString(ski)), ktri.getKeyEncryptionAlgorithm(), ktri.getEncryptedKey());
        byte[] env = new ContentInfo(ci.getContentType(), new EnvelopedData(null, new org.bouncycastle.asn1.DERSet(
                new RecipientInfo(bySki)), ed.getEncryptedContentInfo(), (org.bouncycastle.asn1.ASN1Set) null)).getEncoded();
        assertArrayEquals(payload, crypto.decrypt("bank/org", PIN, env, CryptoProfile.DEFAULT));
    }

    @Test
    void anEnvelopeForAnotherKeyFailsSayingForWhomItIs() {
        Credential other = crypto.enroll("pbc/org", "pbc", "PBC", Credential.Kind.ORGANISATION, Set.of(), PIN);
        byte[] env = crypto.encrypt(other.certificate(), payload, CryptoProfile.DEFAULT);
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.decrypt("bank/org", PIN, env, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, e.code());
        assertTrue(e.getMessage().contains("not for key container bank/org")
                && e.getMessage().contains(other.serialHex()), e.getMessage());
    }

    @Test
    void brokenEnvelopesFailWithTheReason() throws Exception {
        byte[] env = crypto.encrypt(bank.certificate(), payload, CryptoProfile.DEFAULT);
        byte[] tampered = env.clone();
        tampered[tampered.length - 5] ^= 1; // inside the last SM4 blocks: the padding breaks
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.decrypt("bank/org", PIN, tampered, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, e.code());
        assertTrue(e.getMessage().contains("SM4-CBC"), e.getMessage());

        // a wrapped key altered: the C3 hash fails in both layouts
        byte[] wrapped = wrappedKey(env);
        int at = indexOf(env, wrapped) + 70;
        byte[] badKey = env.clone();
        badKey[at] ^= 1;
        JinkuException k = assertThrows(JinkuException.class, () -> crypto.decrypt("bank/org", PIN, badKey, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, k.code());
        assertTrue(k.getMessage().contains("in either layout"), k.getMessage());

        JinkuException g = assertThrows(JinkuException.class,
                () -> crypto.decrypt("bank/org", PIN, new byte[] {0x30, 0x00}, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, g.code());
        byte[] signature = crypto.sign("bank/org", PIN, payload, CryptoProfile.DEFAULT);
        JinkuException s = assertThrows(JinkuException.class, () -> crypto.decrypt("bank/org", PIN, signature, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.DECRYPTION_FAILED, s.code());
        assertTrue(s.getMessage().contains("not an EnvelopedData"), s.getMessage());
    }

    @Test
    void decryptNeedsTheContainersPin() {
        byte[] env = crypto.encrypt(bank.certificate(), payload, CryptoProfile.DEFAULT);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.decrypt("bank/org", "000000".toCharArray(), env, CryptoProfile.DEFAULT)).code());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.decrypt("bank/org", null, env, CryptoProfile.DEFAULT)).code());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
