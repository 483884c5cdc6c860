package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.Credential;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.Node;
import org.jinku.api.SignatureEntry;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.catalog.sample.VoucherTemplates;

/**
 * Moving one node's keys into an HSM while the appliance runs (docs/hsm.md, "the two-step swap"): install the
 * PKCS#11 provider feature, point agent bank 102's {@code crypto.target} at it through configuration admin (as
 * editing its .cfg does), and only that node restarts — the other four keep their Node services. The bank's
 * new keys are EC P-256 keys generated in a SoftHSM2 token and certified by the box CA; finance receives the
 * bank's 回单 signed with them and verifies it with its software provider.
 *
 * <p>The token is made here, in the test JVM, before Karaf starts, in target/softhsm2-it; SoftHSM2 finds it
 * through SOFTHSM2_CONF, which the forked Karaf JVM gets as an environment variable (Pax Exam's environment
 * option). Peers of bank 102 are configured at boot to know it by CA and subject (peer.bank102.ca/.subject)
 * rather than by the certificate the software provider holds for it, which the swap replaces.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HsmSwapIT extends JinkuTestSupport {

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String TOKEN_LABEL = "jinku-it";
    /** The token's user PIN: every key container in the token opens with it. */
    static final String TOKEN_PIN = "246810";
    /** The box CA's subject as X500Principal reads it (RFC 2253: the last RDN of the certificate first). */
    static final String CA_SUBJECT = "C=CN,O=Jinku,CN=Jinku Joint-Test CA";
    static final String SWAPPED = "bank102";
    static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    static final String P256 = "1.2.840.10045.3.1.7";

    private static final String TODAY = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    VoucherCatalog catalog;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        // Bank 102's peers know it by its CA and subject, so its certificate may change with the swap.
        for (String peer : List.of("finance", "pboc", "unit")) {
            options.add(editConfigurationFilePut("etc/jinku.node-" + peer + ".cfg", "peer." + SWAPPED + ".ca", CA_SUBJECT));
            options.add(editConfigurationFilePut("etc/jinku.node-" + peer + ".cfg", "peer." + SWAPPED + ".subject",
                    "C=CN,O=" + SWAPPED + ",OU=Organisation,CN=" + SWAPPED + " AGENT_BANK"));
        }
        if (Files.exists(LIBRARY)) {
            Path conf = makeToken(new File("target/softhsm2-it").getAbsoluteFile().toPath());
            options.add(environment("SOFTHSM2_CONF=" + conf));
            options.add(editConfigurationFilePut("etc/jinku.crypto.pkcs11.cfg", "library", LIBRARY.toString()));
            options.add(editConfigurationFilePut("etc/jinku.crypto.pkcs11.cfg", "token.label", TOKEN_LABEL));
            options.add(editConfigurationFilePut("etc/jinku.crypto.pkcs11.cfg", "key.algorithm", "EC_P256"));
        }
        return options.toArray(new Option[0]);
    }

    /** A fresh SoftHSM2 token labelled jinku-it in {@code dir}; returns its softhsm2.conf. */
    private static Path makeToken(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Path tokens = Files.createDirectories(dir.resolve("tokens"));
            Path conf = dir.resolve("softhsm2.conf");
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.US_ASCII);
            ProcessBuilder pb = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label",
                    TOKEN_LABEL, "--pin", TOKEN_PIN, "--so-pin", "13579246")).redirectErrorStream(true);
            pb.environment().put("SOFTHSM2_CONF", conf.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
            }
            return conf;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the SoftHSM2 token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void oneNodeMovesItsKeysIntoTheTokenAndTheOthersKeepRunning() throws Exception {
        Assume.assumeTrue("SoftHSM2 is not installed (apt-get install softhsm2)", Files.exists(LIBRARY));
        Map<String, Long> before = serviceIds();

        // step 1: the provider, beside the software one (what feature:install does; the shell hides admin
        // commands from a session without the admin role)
        installFeature("jinku-crypto-pkcs11");
        await("the pkcs11 crypto provider", () -> cryptoProvider("pkcs11") != null);
        assertEquals("installing the feature restarted no node", before, serviceIds());

        // step 2: one node's configuration, with the token's PIN for its containers
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations(
                "(&(service.factoryPid=jinku.node)(" + Node.SERVICE_PROPERTY + "=" + SWAPPED + "))");
        assertEquals(1, found.length);
        Dictionary<String, Object> props = found[0].getProperties();
        props.put("crypto.target", "(" + CryptoProvider.SERVICE_PROPERTY + "=pkcs11)");
        props.put("org.pin", TOKEN_PIN);
        for (UserInfo u : directory.require(SWAPPED).users()) {
            props.put("pin." + u.userId(), TOKEN_PIN);
        }
        found[0].update(props);

        await(SWAPPED + " back with a new Node service", () -> {
            Long id = serviceIds().get(SWAPPED);
            return id != null && !id.equals(before.get(SWAPPED)) && directory.node(SWAPPED).isPresent();
        });
        Map<String, Long> after = serviceIds();
        for (String n : NODES) {
            if (!n.equals(SWAPPED)) {
                assertEquals(n + " kept its Node service (no restart)", before.get(n), after.get(n));
            }
        }

        // its keys are the token's: P-256, certified by the box CA
        CryptoProvider pkcs11 = cryptoProvider("pkcs11");
        Set<X509Certificate> tokenCerts = new java.util.HashSet<>();
        for (String holder : List.of("org", "yh01", "yh02")) {
            X509Certificate c = pkcs11.credential(SWAPPED + "/" + holder).map(Credential::certificate).orElseThrow();
            assertP256(c);
            assertEquals(new javax.security.auth.x500.X500Principal(CA_SUBJECT), c.getIssuerX500Principal());
            tokenCerts.add(c);
        }
        assertTrue(directory.require(SWAPPED).certificates().stream().anyMatch(v -> v.holder().equals("org")));

        // a payment to bank 102: it acknowledges, pays and answers with a 回单 it signs in the token
        Node finance = directory.require("finance");
        VoucherKey key = send(finance, direct("102", "88.00"));
        await(key + " confirmed at finance", () -> finance.find(key, 0).map(VoucherView::state)
                .orElse(null) == VoucherState.CONFIRMED);

        byte[] envelope = finance.envelope(key, 1).orElseThrow();
        List<EnvelopeEntry> entries = catalog.readEnvelope(envelope);
        EnvelopeEntry receipt = entries.stream().filter(e -> e.key().equals(key) && e.voucherFlag() == 1).findFirst()
                .orElseThrow();
        assertFalse("the 回单 carries signatures", receipt.signatures().isEmpty());
        for (SignatureEntry s : receipt.signatures()) {
            CMSSignedData cms = new CMSSignedData(Base64.getDecoder().decode(s.cmsBase64()));
            SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certs = cms.getCertificates().getMatches(info.getSID());
            X509CertificateHolder signer = certs.iterator().next();
            SubjectPublicKeyInfo spki = signer.getSubjectPublicKeyInfo();
            assertEquals(s.position(), EC_PUBLIC_KEY, spki.getAlgorithm().getAlgorithm().getId());
            assertEquals(s.position(), P256, spki.getAlgorithm().getParameters().toString());
            assertTrue(s.position() + " signed with a key of the token",
                    tokenCerts.stream().anyMatch(c -> encoded(c).equals(Base64.getEncoder().encodeToString(
                            encoded(signer)))));
            System.out.println("HsmSwapIT: 回单 position " + s.position() + " signed by " + signer.getSubject()
                    + " (SN " + s.certSerialHex() + "), EC P-256 key from the token, verified at finance");
        }
        assertTrue(finance.historyIntact(key));
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Long> serviceIds() {
        Map<String, Long> ids = new HashMap<>();
        Collection<ServiceReference<Node>> refs;
        try {
            refs = bundleContext.getServiceReferences(Node.class, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<Node> r : refs) {
            Object name = r.getProperty(Node.SERVICE_PROPERTY);
            if (name != null) {
                ids.put(name.toString(), (Long) r.getProperty("service.id"));
            }
        }
        return ids;
    }

    /** FeaturesService.installFeature, reached by reflection: Karaf's features API is not on this module's path. */
    private CryptoProvider cryptoProvider(String id) {
        try {
            Collection<ServiceReference<CryptoProvider>> refs = bundleContext.getServiceReferences(CryptoProvider.class,
                    "(" + CryptoProvider.SERVICE_PROPERTY + "=" + id + ")");
            return refs.isEmpty() ? null : bundleContext.getService(refs.iterator().next());
        } catch (Exception e) {
            return null;
        }
    }

    private static void assertP256(X509Certificate c) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(c.getPublicKey().getEncoded());
        assertEquals(EC_PUBLIC_KEY, spki.getAlgorithm().getAlgorithm().getId());
        assertEquals(P256, spki.getAlgorithm().getParameters().toString());
    }

    private static String encoded(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509CertificateHolder c) {
        try {
            return c.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Voucher direct(String bankCode, String amount) {
        Voucher v = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5201"),
                "ITHSM" + RUN, TODAY), "PayAmt", List.of(new BigDecimal(amount)));
        return VoucherTemplates.with(v, Map.of("PayBankCode", bankCode, "BusinessTypeCode", "1"));
    }

    /** Submits and signs at every sender position, each by a different operator holding its post, with their PIN. */
    private VoucherKey send(Node node, Voucher v) {
        VoucherKey key = node.submit(v).key();
        org.jinku.catalog.sample.Operators.signEveryPost(node, key,
                org.jinku.catalog.sample.Operators.boxPins(configAdmin, node.name()));
        return key;
    }
}
