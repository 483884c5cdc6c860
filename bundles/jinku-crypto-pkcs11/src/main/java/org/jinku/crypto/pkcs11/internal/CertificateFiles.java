package org.jinku.crypto.pkcs11.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The certificates of the keys in the device, as PEM files {@code <dir>/<node>/<name>.crt}: public data,
 * readable before anyone gave the PIN (a token shows its objects only after login), and the only copy for a
 * vendor SM2 device, whose certificates SunPKCS11 cannot read.
 */
final class CertificateFiles {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?");

    private final Path dir;
    private final BouncyCastleProvider bc;

    CertificateFiles(Path dir, BouncyCastleProvider bc) {
        this.dir = dir;
        this.bc = bc;
    }

    Path dir() {
        return dir;
    }

    static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must be 'name' or 'node/name' of [A-Za-z0-9._-]: '" + alias + "'");
        }
    }

    Optional<X509Certificate> read(String alias) {
        Path f = file(alias);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509", bc).generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate file " + f + ": " + e.getMessage(), e);
        }
    }

    void write(String alias, X509Certificate certificate) {
        Path f = file(alias);
        try {
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(certificate);
            }
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, pem.toString(), StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the certificate file " + f + ": " + e.getMessage(), e);
        }
    }

    private Path file(String alias) {
        checkAlias(alias);
        return dir.resolve(alias + ".crt");
    }
}
