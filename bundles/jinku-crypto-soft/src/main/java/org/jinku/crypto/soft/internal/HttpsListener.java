package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.spi.CertificateAuthority;

/**
 * Switches on the HTTPS listener (console, REST, SOAP) with a certificate from the box CA: at first start it makes
 * an ECDSA P-256 key and a TLS server certificate for the listener's names, keeps them in a PKCS#12 file of the key
 * file in {@code etc/} (with {@code jinku-https.crt} beside it for clients to trust), and writes pax-web's configuration ({@code org.ops4j.pax.web}) so that Jetty listens on it — once:
 * Jetty restarts when that configuration changes, so nothing is written while it already matches. A site with its
 * own certificate sets {@code enabled = false} and configures pax-web itself.
 */
@Component(configurationPid = "jinku.https", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = HttpsListener.Config.class)
public class HttpsListener {

    @ObjectClassDefinition(name = "Jinku HTTPS listener")
    public @interface Config {
        @AttributeDefinition(description = "Listen on HTTPS with a certificate of the box CA")
        boolean enabled() default true;

        @AttributeDefinition(description = "HTTPS port")
        int port() default 8443;

        @AttributeDefinition(description = "Host names and IP addresses the certificate names (the first is its CN)")
        String names() default "localhost,127.0.0.1";

        @AttributeDefinition(description = "Validity of the certificate in days; renewed 30 days before it ends")
        int validity_days() default 730;

        @AttributeDefinition(description = "PKCS#12 file of the key and certificate; default <karaf.etc>/jinku-https.p12")
        String keystore() default "";
    }

    static final String PAX_WEB = "org.ops4j.pax.web";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsListener.class);
    private static final String ALIAS = "jinku-https";

    @Reference(target = "(" + CertificateAuthority.SERVICE_PROPERTY + "=box)")
    private CertificateAuthority ca;
    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate(Config config) throws IOException, GeneralSecurityException {
        if (!config.enabled()) {
            return;
        }
        Path file = config.keystore().isBlank()
                // in etc/, beside the pax-web configuration that names it and its password (as Karaf keeps its ssh
                // host.key there): a box whose data/ is wiped still finds the keystore its etc/ points at
                ? Paths.get(System.getProperty("karaf.etc", "etc"), "jinku-https.p12")
                : Paths.get(config.keystore());
        Configuration web = configAdmin.getConfiguration(PAX_WEB, null);
        Dictionary<String, Object> props = web.getProperties() == null ? new Hashtable<>() : web.getProperties();
        Object known = props.get("org.ops4j.pax.web.ssl.keystore.password");
        String password = known != null && Files.exists(file) ? known.toString() : null;
        List<String> names = Arrays.stream(config.names().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (password == null || !valid(file, password.toCharArray(), names)) {
            password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            write(file, password.toCharArray(), names, config.validity_days());
        }
        Map<String, String> wanted = Map.of(
                "org.osgi.service.http.secure.enabled", "true",
                "org.osgi.service.http.port.secure", Integer.toString(config.port()),
                "org.ops4j.pax.web.ssl.keystore", file.toAbsolutePath().toString(),
                "org.ops4j.pax.web.ssl.keystore.type", "PKCS12",
                "org.ops4j.pax.web.ssl.keystore.password", password,
                "org.ops4j.pax.web.ssl.key.password", password);
        boolean changed = false;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!Objects.equals(Objects.toString(props.get(e.getKey()), null), e.getValue())) {
                props.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            // pax-web restarts Jetty with the secure connector on the listening addresses of its cfg (loopback)
            web.update(props);
            LOG.info("jinku https: listening on port {} with a certificate of the box CA for {} ({})", config.port(),
                    names, file);
        }
    }

    /** The keystore opens with the password, names these names and is good for 30 more days. */
    private static boolean valid(Path file, char[] password, List<String> names) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            X509Certificate c = (X509Certificate) ks.getCertificate(ALIAS);
            if (c == null || c.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) {
                return false;
            }
            var san = c.getSubjectAlternativeNames();
            return san != null && san.stream().map(l -> l.get(1).toString()).toList().containsAll(names);
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private void write(Path file, char[] password, List<String> names, int days)
            throws IOException, GeneralSecurityException {
        if (!(ca instanceof BoxCa box)) {
            throw new GeneralSecurityException("the box CA is not this bundle's; set enabled = false in"
                    + " etc/jinku.https.cfg and configure pax-web's keystore yourself");
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = box.issueTlsServer("CN=" + names.get(0) + ",O=Jinku,C=CN", kp.getPublic(), names, days);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        // the leaf alone: clients (JSSE, browsers) cannot parse the SM2 key of the box CA's own certificate; they
        // trust the leaf as installed (or its CA where they speak SM2)
        ks.setKeyEntry(ALIAS, kp.getPrivate(), password, new Certificate[] {cert});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ks.store(out, password);
        Files2.writeAtomically(file, out.toByteArray()); // owner-only, like every key file of the box
        // what a client installs to trust the listener (curl --cacert, a browser's certificate store)
        Files2.writePem(file.resolveSibling("jinku-https.crt"), cert);
    }
}
