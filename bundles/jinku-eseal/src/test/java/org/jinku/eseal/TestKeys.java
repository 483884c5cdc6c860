package org.jinku.eseal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real SM2 keys and a small self-signed SM2 CA for the tests. */
final class TestKeys {

    static final Provider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate, signing like CryptoProvider.signRaw: SM2/SM3, default user ID, DER. */
    record Holder(KeyPair keys, X509Certificate cert) implements RawSigner {
        @Override
        public X509Certificate certificate() {
            return cert;
        }

        @Override
        public byte[] sign(byte[] tbs) {
            return TestKeys.sign(keys.getPrivate(), tbs);
        }
    }

    final Holder ca;

    TestKeys() {
        KeyPair k = sm2();
        X500Name name = new X500Name("CN=Jinku Test CA,O=Jinku Box,C=CN");
        ca = new Holder(k, certificate(name, k, name, k.getPrivate(), true));
    }

    Holder issue(String organisation, String commonName) {
        KeyPair k = sm2();
        X500Name subject = new X500Name("CN=" + commonName + ",O=" + organisation + ",C=CN");
        X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
        return new Holder(k, certificate(subject, k, issuer, ca.keys().getPrivate(), false));
    }

    static KeyPair sm2() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("sm2p256v1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] tbs) {
        try {
            Signature s = Signature.getInstance("SM3withSM2", BC);
            s.initSign(key);
            s.update(tbs);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(X500Name subject, KeyPair k, X500Name issuer, PrivateKey signer,
                                               boolean ca) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, k.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            return new JcaX509CertificateConverter().setProvider(BC)
                    .getCertificate(b.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
