package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * Interoperability with OpenSSL 3 on this machine: bare SM2 signatures both ways (OpenSSL needs the ID set:
 * {@code distid:1234567812345678}, its default is empty), and what its {@code cms} command makes of our CMS.
 * Skipped only where there is no openssl.
 */
class OpenSslInteropTest {

    private static final char[] PIN = "123456".toCharArray();
    private static final String DISTID = "distid:" + CryptoProfile.DEFAULT_USER_ID;

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;
    private Credential org;
    private Path msg;

    record Run(int code, String out) {
    }

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(openssl() != null, "no openssl on this machine");
        crypto = SoftCryptoProvider.open(dir.resolve("keys"));
        org = crypto.enroll("bank/org", "bank", "Bank", Credential.Kind.ORGANISATION, Set.of(), PIN);
        msg = dir.resolve("msg");
        Files.write(msg, "<Voucher No=\"1\"><Amt>100.00</Amt></Voucher>".getBytes(StandardCharsets.UTF_8));
    }

    private static String openssl() {
        for (String p : new String[] {"/usr/bin/openssl", "/usr/local/bin/openssl"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(openssl());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl hangs: " + cmd);
        return new Run(p.exitValue(), out.trim());
    }

    private Path pem(String name, String type, byte[] der) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return f;
    }

    @Test
    void jinkuRawSm2SignatureVerifiesWithOpenSsl() throws Exception {
        Files.write(dir.resolve("sig"), crypto.signRaw("bank/org", PIN, Files.readAllBytes(msg), CryptoProfile.DEFAULT));
        pem("pub.pem", "PUBLIC KEY", org.certificate().getPublicKey().getEncoded());
        Run pkeyutl = run("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem", "-in", "msg",
                "-sigfile", "sig", "-pkeyopt", DISTID);
        assertEquals(0, pkeyutl.code(), pkeyutl.out());
        assertTrue(pkeyutl.out().contains("Signature Verified Successfully"), pkeyutl.out());
        Run dgst = run("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DISTID, "-signature", "sig", "msg");
        assertEquals(0, dgst.code(), dgst.out());
        assertTrue(dgst.out().contains("Verified OK"), dgst.out());
        // OpenSSL's default ID is empty: without distid the same signature fails there
        Run noId = run("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem", "-in", "msg",
                "-sigfile", "sig");
        assertEquals(1, noId.code(), noId.out());
    }

    @Test
    void openSslSm2SignatureVerifiesWithJinku() throws Exception {
        Run gen = run("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem");
        assertEquals(0, gen.code(), gen.out());
        assertEquals(0, run("pkey", "-in", "key.pem", "-pubout", "-out", "opub.pem").code());
        Run sign = run("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "key.pem", "-in", "msg", "-out", "osig",
                "-pkeyopt", DISTID);
        assertEquals(0, sign.code(), sign.out());

        BouncyCastleProvider bc = new BouncyCastleProvider();
        PublicKey key;
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(dir.resolve("opub.pem"))))) {
            key = new JcaPEMKeyConverter().setProvider(bc).getPublicKey((SubjectPublicKeyInfo) p.readObject());
        }
        X509Certificate cert = crypto.certificateAuthority().issue("CN=openssl,OU=Organisation,O=peer,C=CN", key,
                Credential.Kind.ORGANISATION);
        byte[] message = Files.readAllBytes(msg);
        byte[] signature = Files.readAllBytes(dir.resolve("osig"));
        crypto.verifyRaw(cert, message, signature, CryptoProfile.DEFAULT);
        crypto.verifyRaw(cert, message, Sm2.derToRaw(signature), CryptoProfile.DEFAULT);
        message[0] ^= 1;
        assertEquals(RejectCode.BAD_SIGNATURE, assertThrows(JinkuException.class,
                () -> crypto.verifyRaw(cert, message, signature, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void openSslReadsJinkuCertificatesWithTheDefaultId() throws Exception {
        pem("ca.pem", "CERTIFICATE", crypto.certificateAuthority().certificate().getEncoded());
        pem("cert.pem", "CERTIFICATE", org.certificate().getEncoded());
        Run verify = run("verify", "-vfyopt", DISTID, "-CAfile", "ca.pem", "cert.pem");
        assertEquals(0, verify.code(), verify.out());
        assertTrue(verify.out().endsWith("cert.pem: OK"), verify.out());
    }

    /**
     * CRYPTO.md: OpenSSL 3.0's cms command does not verify SM2 CMS (it hashes without the SM2 ID). It parses
     * ours; whether it verifies is recorded, so a newer OpenSSL that can is noticed.
     */
    @Test
    void jinkuCmsThroughOpenSslCms() throws Exception {
        Files.write(dir.resolve("cms.der"), crypto.sign("bank/org", PIN, Files.readAllBytes(msg), CryptoProfile.DEFAULT));
        Run print = run("cms", "-cmsout", "-print", "-inform", "DER", "-in", "cms.der");
        assertEquals(0, print.code(), print.out());
        assertTrue(print.out().contains("pkcs7-signedData") && print.out().contains("eContent: <ABSENT>"), print.out());
        Run verify = run("cms", "-verify", "-binary", "-inform", "DER", "-in", "cms.der", "-content", "msg", "-noverify",
                "-out", "/dev/null");
        if (verify.code() == 0) {
            System.out.println("openssl cms verifies SM2 CMS: " + verify.out());
        } else {
            assertTrue(verify.out().contains("CMS_SignerInfo_verify_content:verification failure"), verify.out());
            System.out.println("openssl cms cannot verify SM2 CMS: " + verify.out().lines().findFirst().orElse("")
                    + " / " + verify.out().lines().skip(1).findFirst().orElse(""));
        }
    }
}
