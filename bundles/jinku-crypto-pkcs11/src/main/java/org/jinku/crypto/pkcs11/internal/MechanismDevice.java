package org.jinku.crypto.pkcs11.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.operator.ContentSigner;

import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.crypto.pkcs11.Sm2;
import org.jinku.crypto.pkcs11.Sm2Mechanism;

/**
 * An SM2 device reached through a vendor's {@link Sm2Mechanism}: the device generates and keeps the keys
 * (labelled with the alias) and signs e = SM3(Z‖M), which Jinku computes with the signer ID of the peer's
 * profile. Certificates are kept in the provider's certificate files, not in the device.
 */
final class MechanismDevice implements Device {

    private final String id;
    private final Supplier<Sm2Mechanism> mechanism;
    private final CertificateFiles files;
    /** Keys generated and not yet certified: a key is the alias's only once its certificate is stored. */
    private final Map<String, PublicKey> generated = new ConcurrentHashMap<>();

    MechanismDevice(String id, Supplier<Sm2Mechanism> mechanism, CertificateFiles files) {
        this.id = id;
        this.mechanism = mechanism;
        this.files = files;
    }

    @Override
    public String describe() {
        return "SM2 mechanism '" + id + "'";
    }

    @Override
    public void login(char[] pin) {
        mechanism.get().login(pin);
    }

    @Override
    public void resume(char[] pin) {
        mechanism.get().login(pin);
    }

    @Override
    public boolean authoritative() {
        return false;
    }

    @Override
    public Optional<X509Certificate> certificate(String alias) {
        return files.read(alias);
    }

    @Override
    public boolean hasKey(String alias) {
        return files.read(alias).isPresent();
    }

    @Override
    public PublicKey generate(String alias) {
        PublicKey key = Sm2.publicKey(mechanism.get().generateKeyPair(alias));
        generated.put(alias, key);
        return key;
    }

    @Override
    public void store(String alias, List<X509Certificate> chain) {
        if (generated.remove(alias) == null) {
            throw new IllegalStateException("no key pair was generated for " + alias);
        }
        // the provider writes the certificate file: nothing else to keep, the device holds the key
    }

    @Override
    public ContentSigner contentSigner(String alias, X509Certificate certificate, CryptoProfile profile) {
        return new Sm2ContentSigner(alias, z(certificate, profile), profile.encoding());
    }

    @Override
    public byte[] signRaw(String alias, X509Certificate certificate, byte[] message, CryptoProfile profile) {
        byte[] rs = signE(alias, Sm2.e(z(certificate, profile), message));
        return profile.encoding() == CryptoProfile.Encoding.RAW ? rs : Sm2.der(rs);
    }

    private static byte[] z(X509Certificate certificate, CryptoProfile profile) {
        return Sm2.z(profile.sm2UserId().getBytes(StandardCharsets.UTF_8), Sm2.point(certificate.getPublicKey()));
    }

    private byte[] signE(String alias, byte[] e) {
        byte[] rs = mechanism.get().signDigest(alias, e);
        if (rs == null || rs.length != 64) {
            throw new IllegalStateException(describe() + " returned " + (rs == null ? "no signature" : rs.length
                    + " bytes") + " for " + alias + "; r‖s has 64 bytes");
        }
        return rs;
    }

    @Override
    public boolean loginLost(Throwable failure) {
        return false;
    }

    @Override
    public void close() {
        generated.clear();
    }

    /**
     * SM3withSM2 over what CMS feeds it (the content itself: direct signature, no signed attributes): the
     * content streams into SM3 after Z, so e is ready when CMS asks for the signature.
     */
    private final class Sm2ContentSigner implements ContentSigner {
        private final String alias;
        private final byte[] z;
        private final CryptoProfile.Encoding encoding;
        private final SM3Digest digest = new SM3Digest();
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        };

        Sm2ContentSigner(String alias, byte[] z, CryptoProfile.Encoding encoding) {
            this.alias = alias;
            this.z = z;
            this.encoding = encoding;
            digest.update(z, 0, z.length);
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public byte[] getSignature() {
            byte[] e = new byte[digest.getDigestSize()];
            digest.doFinal(e, 0);
            digest.update(z, 0, z.length);
            byte[] rs = signE(alias, e);
            return encoding == CryptoProfile.Encoding.RAW ? rs : Sm2.der(rs);
        }
    }

    static JinkuException missing(String id) {
        return new JinkuException(RejectCode.INTERNAL_ERROR, "mechanism = " + id + " is configured, but no "
                + Sm2Mechanism.class.getSimpleName() + " service with " + Sm2Mechanism.SERVICE_PROPERTY + "=" + id
                + " is registered: install the vendor's bundle");
    }
}
