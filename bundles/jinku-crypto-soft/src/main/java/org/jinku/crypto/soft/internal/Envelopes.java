package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * Payload encryption as GM/T 0010 EnvelopedData (数字信封): the content under SM4-CBC with a fresh 16-byte key
 * (IV as the algorithm parameter, PKCS#7 padding), the key wrapped for one recipient with SM2 encryption
 * (sm2encrypt, the ciphertext as raw {@code 04‖x‖y‖…} in the profile's layout, C1C3C2 or C1C2C3).
 */
final class Envelopes {

    private Envelopes() {
    }

    static byte[] encrypt(Trust.Seen recipient, byte[] data, CryptoProfile profile, SecureRandom random) {
        if (recipient.type != Sm2.KeyType.SM2) {
            throw new JinkuException(RejectCode.BAD_KEY_USAGE, "certificate " + recipient.subject() + " holds a "
                    + recipient.type + " key; envelopes are made for SM2 keys");
        }
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        try {
            SM2Engine sm2 = new SM2Engine(new SM3Digest(), mode(profile.cipherLayout()));
            sm2.init(true, new ParametersWithRandom(recipient.sm2Parameters(), random));
            byte[] wrapped = sm2.processBlock(key, 0, key.length);
            byte[] encrypted = sm4(true, key, iv, data);
            Certificate c = Certificate.getInstance(recipient.certificate.getEncoded());
            KeyTransRecipientInfo ktri = new KeyTransRecipientInfo(
                    new RecipientIdentifier(new IssuerAndSerialNumber(c.getIssuer(), c.getSerialNumber().getValue())),
                    new AlgorithmIdentifier(Oids.SM2_ENCRYPT), new DEROctetString(wrapped));
            boolean gmt = profile.identifiers() == CryptoProfile.Identifiers.GMT;
            EncryptedContentInfo eci = new EncryptedContentInfo(gmt ? Oids.GMT_DATA : Oids.PKCS7_DATA,
                    new AlgorithmIdentifier(Oids.SM4_CBC, new DEROctetString(iv)), new DEROctetString(encrypted));
            EnvelopedData env = new EnvelopedData(null, new DERSet(new RecipientInfo(ktri)), eci, (ASN1Set) null);
            return new ContentInfo(Oids.GMT_ENVELOPED_DATA, env).getEncoded(ASN1Encoding.DER);
        } catch (InvalidKeyException | InvalidCipherTextException | IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot envelope for " + recipient.subject() + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens an envelope for one of {@code keys} (the container's current key and those of earlier certificates).
     * The profile's cipher layout is tried first, then the other: the C3 hash tells them apart.
     */
    static byte[] decrypt(String alias, List<KeyContainer.Entry> keys, byte[] enveloped, CryptoProfile profile) {
        EnvelopedData env = parse(enveloped);
        KeyTransRecipientInfo mine = null;
        KeyContainer.Entry entry = null;
        StringBuilder addressees = new StringBuilder();
        for (ASN1Encodable e : env.getRecipientInfos()) {
            ASN1Encodable info = RecipientInfo.getInstance(e).getInfo();
            if (!(info instanceof KeyTransRecipientInfo ktri)) {
                addressees.append(addressees.length() == 0 ? "" : "; ").append("a recipient by key agreement or password");
                continue;
            }
            RecipientIdentifier rid = ktri.getRecipientIdentifier();
            if (rid.isTagged()) {
                byte[] ski = Cms.octets(rid.getId());
                for (KeyContainer.Entry k : keys) {
                    if (java.util.Arrays.equals(ski, subjectKeyIdentifier(k.certificate()))) {
                        mine = ktri;
                        entry = k;
                    }
                }
                addressees.append(addressees.length() == 0 ? "" : "; ").append("subject key identifier ")
                        .append(org.bouncycastle.util.encoders.Hex.toHexString(ski));
                continue;
            }
            IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(rid.getId());
            BigInteger serial = ias.getSerialNumber().getValue();
            for (KeyContainer.Entry k : keys) {
                if (k.certificate().getSerialNumber().equals(serial)
                        && X500Name.getInstance(k.certificate().getIssuerX500Principal().getEncoded()).equals(ias.getName())) {
                    mine = ktri;
                    entry = k;
                }
            }
            addressees.append(addressees.length() == 0 ? "" : "; ").append("serial ")
                    .append(serial.toString(16).toUpperCase()).append(" of ").append(ias.getName());
        }
        if (mine == null) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "envelope is not for key container " + alias
                    + " (certificate serial " + keys.get(0).certificate().getSerialNumber().toString(16).toUpperCase()
                    + "): it is addressed to " + (addressees.length() == 0 ? "nobody" : addressees));
        }
        ASN1ObjectIdentifier wrap = mine.getKeyEncryptionAlgorithm().getAlgorithm();
        if (!Oids.SM2_ENCRYPT.equals(wrap) && !Oids.SM2.equals(wrap)) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "content key is wrapped with " + wrap.getId()
                    + ", not SM2 encryption (1.2.156.10197.1.301.3)");
        }
        byte[] key = unwrap(alias, entry, mine.getEncryptedKey().getOctets(), profile.cipherLayout());
        EncryptedContentInfo eci = env.getEncryptedContentInfo();
        AlgorithmIdentifier alg = eci.getContentEncryptionAlgorithm();
        if (!Oids.SM4_CBC.equals(alg.getAlgorithm())) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "content is encrypted with "
                    + alg.getAlgorithm().getId() + ", not SM4-CBC (1.2.156.10197.1.104.2)");
        }
        byte[] iv;
        try {
            iv = ASN1OctetString.getInstance(alg.getParameters()).getOctets();
        } catch (RuntimeException e) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "SM4-CBC without an IV parameter");
        }
        if (iv.length != 16 || key.length != 16 || eci.getEncryptedContent() == null) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "SM4-CBC needs a 16-byte key and IV and content; got "
                    + key.length + "-byte key, " + iv.length + "-byte IV"
                    + (eci.getEncryptedContent() == null ? ", no content (detached)" : ""));
        }
        try {
            return sm4(false, key, iv, eci.getEncryptedContent().getOctets());
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "SM4-CBC content does not decrypt with the "
                    + "unwrapped key: " + e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] subjectKeyIdentifier(X509Certificate c) {
        try {
            return Cms.subjectKeyIdentifier(Certificate.getInstance(c.getEncoded()));
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    private static EnvelopedData parse(byte[] enveloped) {
        try {
            ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(enveloped));
            if (!Oids.GMT_ENVELOPED_DATA.equals(ci.getContentType())
                    && !Oids.PKCS7_ENVELOPED_DATA.equals(ci.getContentType())) {
                throw new JinkuException(RejectCode.DECRYPTION_FAILED, "not an EnvelopedData: content type "
                        + ci.getContentType().getId());
            }
            return EnvelopedData.getInstance(ci.getContent());
        } catch (JinkuException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "not a readable CMS EnvelopedData: " + e.getMessage());
        }
    }

    private static byte[] unwrap(String alias, KeyContainer.Entry entry, byte[] wrapped, CryptoProfile.CipherLayout first) {
        ECPrivateKeyParameters key;
        try {
            key = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(entry.key());
        } catch (InvalidKeyException | ClassCastException e) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "key container " + alias
                    + " holds no SM2 key for its certificate");
        }
        CryptoProfile.CipherLayout second = first == CryptoProfile.CipherLayout.C1C3C2
                ? CryptoProfile.CipherLayout.C1C2C3 : CryptoProfile.CipherLayout.C1C3C2;
        String why = "";
        for (CryptoProfile.CipherLayout layout : new CryptoProfile.CipherLayout[] {first, second}) {
            try {
                SM2Engine sm2 = new SM2Engine(new SM3Digest(), mode(layout));
                sm2.init(false, key);
                return sm2.processBlock(wrapped, 0, wrapped.length);
            } catch (InvalidCipherTextException | RuntimeException e) {
                why = e.getMessage();
            }
        }
        throw new JinkuException(RejectCode.DECRYPTION_FAILED, "the SM2-wrapped content key does not decrypt with the "
                + "key of " + alias + " in either layout (C1C3C2, C1C2C3): " + why);
    }

    private static SM2Engine.Mode mode(CryptoProfile.CipherLayout layout) {
        return layout == CryptoProfile.CipherLayout.C1C2C3 ? SM2Engine.Mode.C1C2C3 : SM2Engine.Mode.C1C3C2;
    }

    private static byte[] sm4(boolean encrypt, byte[] key, byte[] iv, byte[] in) throws InvalidCipherTextException {
        BufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()),
                new PKCS7Padding());
        c.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
