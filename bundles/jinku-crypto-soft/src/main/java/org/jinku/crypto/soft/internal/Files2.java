package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Files of the key directory: written atomically and readable by the appliance's user only. */
final class Files2 {

    private Files2() {
    }

    /** Writes then renames, so a crash never leaves half a file behind. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writePem(Path file, Object pemObject) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(s)) {
            pem.writeObject(pemObject);
        }
        writeAtomically(file, s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static PrivateKey readPemKey(Provider bc, Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (o instanceof PEMKeyPair pair) {
                o = pair.getPrivateKeyInfo();
            }
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(file + " does not hold a private key");
            }
            return new JcaPEMKeyConverter().setProvider(bc).getPrivateKey(info);
        }
    }

    static X509Certificate readPemCertificate(Provider bc, Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new IOException(file + " does not hold a certificate");
            }
            return new JcaX509CertificateConverter().setProvider(bc).getCertificate(h);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decode " + file, e);
        }
    }
}
