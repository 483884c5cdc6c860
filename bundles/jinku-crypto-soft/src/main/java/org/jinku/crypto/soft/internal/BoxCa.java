package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The test certificate authority inside the box: an SM2 root that certifies the organisation and
 * personal keys enrolled on this appliance. Sites in production replace it by their CA's chain; it
 * exists so a fresh joint-test box has real certificates and real chains to verify.
 */
final class BoxCa {

    static final String SIG_ALG = "SM3WITHSM2";
    static final String CURVE = "sm2p256v1";

    private final Provider bc;
    private final SecureRandom random = new SecureRandom();
    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private final int validityDays;

    BoxCa(Provider bc, Path dir, String caSubject, int validityDays) throws IOException, GeneralSecurityException {
        this.bc = bc;
        this.validityDays = validityDays;
        Path key = dir.resolve("ca.key");
        Path crt = dir.resolve("ca.crt");
        if (Files.exists(key) && Files.exists(crt)) {
            caKey = readKey(key);
            caCert = readCert(crt);
        } else {
            Files.createDirectories(dir);
            KeyPair kp = generateKeyPair();
            X500Name name = new X500Name(caSubject);
            caCert = build(name, kp.getPublic(), name, kp.getPrivate(), true, Duration.ofDays(validityDays * 2L));
            caKey = kp.getPrivate();
            writeAtomically(key, kp.getPrivate());
            writeAtomically(crt, caCert);
        }
    }

    X509Certificate certificate() {
        return caCert;
    }

    KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec(CURVE), random);
        return g.generateKeyPair();
    }

    X509Certificate issue(String subject, java.security.PublicKey publicKey) throws GeneralSecurityException {
        return build(new X500Name(subject), publicKey, X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                caKey, false, Duration.ofDays(validityDays));
    }

    private X509Certificate build(X500Name subject, java.security.PublicKey publicKey, X500Name issuer,
                                  PrivateKey signingKey, boolean ca, Duration validity) throws GeneralSecurityException {
        try {
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(64, random).setBit(63);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            ContentSigner signer = new JcaContentSignerBuilder(SIG_ALG).setProvider(bc).build(signingKey);
            X509CertificateHolder holder = b.build(signer);
            return new JcaX509CertificateConverter().setProvider(bc).getCertificate(holder);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot issue certificate for " + subject, e);
        }
    }

    PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                o = pair.getPrivateKeyInfo();
            }
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(file + " does not hold a private key");
            }
            return new JcaPEMKeyConverter().setProvider(bc).getPrivateKey(info);
        }
    }

    X509Certificate readCert(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new IOException(file + " does not hold a certificate");
            }
            return new JcaX509CertificateConverter().setProvider(bc).getCertificate(h);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decode " + file, e);
        }
    }

    /** Writes then renames, so a crash never leaves half a key behind. */
    static void writeAtomically(Path file, Object pemObject) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            // Keys are readable by the appliance's user only.
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
