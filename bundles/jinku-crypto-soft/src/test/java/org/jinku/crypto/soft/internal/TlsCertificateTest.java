package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS listener's certificate: a P-256 key certified by the (SM2) box CA serves a real TLS handshake with
 * JSSE, and a client that trusts the box CA accepts it for 127.0.0.1.
 */
class TlsCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aTlsServerCertificateOfTheBoxCaServesAHandshake() throws Exception {
        BoxCa ca = BoxCa.open(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = ca.issueTlsServer("CN=localhost,O=Jinku,C=CN", kp.getPublic(),
                List.of("localhost", "127.0.0.1"), 30);
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertEquals(2, cert.getSubjectAlternativeNames().size());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", kp.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        // the client trusts the server certificate as installed (browsers are shown the box CA's certificate)
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("ok".getBytes());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort());
                 InputStream in = c.getInputStream()) {
                assertEquals("ok", new String(in.readAllBytes()));
                assertEquals(cert, c.getSession().getPeerCertificates()[0]);
            }
            t.join(10_000);
        }
    }
}
