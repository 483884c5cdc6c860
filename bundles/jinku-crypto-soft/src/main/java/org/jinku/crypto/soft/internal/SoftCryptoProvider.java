package org.jinku.crypto.soft.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import org.jinku.api.CertificateSubject;
import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.spi.CertificateAuthority;
import org.jinku.api.spi.CryptoProvider;

/**
 * SM2/SM3/SM4 in software with Bouncy Castle. Each alias's key lives in its own PIN-protected key container
 * ({@link KeyContainer}: {@code <keystore.dir>/<alias>.p12}), generated here and certified by the
 * {@link CertificateAuthority} (the box CA unless {@code ca.target} selects another). Signatures are detached
 * CMS SignedData without signed attributes, written by {@link Cms} in the peer's {@link CryptoProfile}.
 *
 * <p>A signing server holds its keys loaded: the first right PIN opens a container and keeps its key in memory,
 * later PINs are checked against a salted SM3 verifier in microseconds, and one initialised {@link Signature} per
 * key, user ID and thread signs, so a signature costs the SM2 arithmetic (CRYPTO.md).
 */
@Component(service = CryptoProvider.class, configurationPid = "jinku.crypto.soft",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = CryptoProvider.SERVICE_PROPERTY + "=soft")
@Designate(ocd = SoftCryptoProvider.Config.class)
public class SoftCryptoProvider implements CryptoProvider {

    @ObjectClassDefinition(name = "Jinku software SM2 crypto provider")
    public @interface Config {
        @AttributeDefinition(description = "Directory of the key containers and of trust/ (peers' CA certificates)")
        String keystore_dir() default "";

        @AttributeDefinition(description = "Seconds after a right PIN during which a null PIN is accepted; 0 = off")
        int pin_cache_seconds() default 0;

        @AttributeDefinition(description = "Wrong PINs in a row after which a key container locks")
        int pin_max_tries() default 5;

        @AttributeDefinition(description = "PBKDF2 / PKCS#12 MAC iterations protecting a key container's file")
        int pkcs12_iterations() default DEFAULT_ITERATIONS;
    }

    /** ~80 ms to write or open a container on this machine; once per container and start. */
    static final int DEFAULT_ITERATIONS = 100_000;
    /** {@link #open(Path)} (tests, benchmarks) protects its containers with fewer iterations, so tests stay fast. */
    static final int TEST_ITERATIONS = 2_048;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SoftCryptoProvider.class);
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?");

    private final Provider bc = new BouncyCastleProvider();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, KeyContainer> containers = new ConcurrentHashMap<>();
    /** SM2 draws a fresh k per signature: one generator per thread, so signing threads share no lock for it. */
    private final ThreadLocal<SecureRandom> threadRandom = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    });

    @Reference(name = "ca", target = "(" + CertificateAuthority.SERVICE_PROPERTY + "=box)")
    private CertificateAuthority ca;

    private Path dir;
    private KeyContainer.Settings settings;
    private Trust trust;

    @Activate
    void activate(Config config) throws IOException, GeneralSecurityException {
        String d = config.keystore_dir();
        if (d == null || d.isBlank()) {
            d = Paths.get(System.getProperty("karaf.data", "data"), "jinku", "keys").toString();
        }
        init(Paths.get(d), config.pin_cache_seconds(), config.pin_max_tries(), config.pkcs12_iterations());
    }

    /**
     * Opens key directory {@code dir} outside OSGi (tests, benchmarks) with its own box CA in {@code dir/ca},
     * no PIN cache, 5 tries, and {@value #TEST_ITERATIONS} PKCS#12 iterations.
     */
    public static SoftCryptoProvider open(Path dir) throws IOException, GeneralSecurityException {
        return open(dir, Map.of());
    }

    /**
     * As {@link #open(Path)} with settings named as in {@code jinku.crypto.soft.cfg}: {@code pin.cache.seconds},
     * {@code pin.max.tries}, {@code pkcs12.iterations}.
     */
    public static SoftCryptoProvider open(Path dir, Map<String, ?> settings) throws IOException, GeneralSecurityException {
        SoftCryptoProvider p = new SoftCryptoProvider();
        p.ca = BoxCa.open(dir);
        p.init(dir, number(settings, "pin.cache.seconds", 0), number(settings, "pin.max.tries", 5),
                number(settings, "pkcs12.iterations", TEST_ITERATIONS));
        return p;
    }

    /** The CA this provider has its keys certified by (for a provider made by {@link #open}, its box CA). */
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    private static int number(Map<String, ?> settings, String key, int fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : Integer.parseInt(v.toString().trim());
    }

    private void init(Path keyDir, int cacheSeconds, int maxTries, int iterations) throws IOException,
            GeneralSecurityException {
        if (maxTries < 1 || iterations < 1 || cacheSeconds < 0) {
            throw new IllegalArgumentException("pin.max.tries and pkcs12.iterations must be ≥ 1, pin.cache.seconds ≥ 0");
        }
        this.dir = keyDir;
        this.settings = new KeyContainer.Settings(maxTries, cacheSeconds * 1_000_000_000L, iterations);
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(ca.certificate());
        anchors.addAll(readTrustDir(keyDir.resolve("trust")));
        this.trust = new Trust(bc, anchors);
        LOG.info("crypto soft: {} trusted CA(s): {}; PIN tries {}, PIN cache {} s", anchors.size(),
                anchors.stream().map(c -> c.getSubjectX500Principal().getName()).toList(), maxTries, cacheSeconds);
    }

    /**
     * The peers' CAs (e.g. the MOF CA whose RSA/SHA-1 certificates deployed systems still use): every
     * PEM or DER certificate in {@code <keystore.dir>/trust}.
     */
    private List<X509Certificate> readTrustDir(Path trustDir) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        if (!Files.isDirectory(trustDir)) {
            return out;
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509", bc);
        try (var files = Files.list(trustDir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".crt") || n.endsWith(".pem") || n.endsWith(".cer")) {
                    try (var in = Files.newInputStream(f)) {
                        for (java.security.cert.Certificate c : cf.generateCertificates(in)) {
                            out.add((X509Certificate) c);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String id() {
        return "soft";
    }

    // --- containers -------------------------------------------------------------------------------------------

    @Override
    public Credential enroll(String alias, String organisation, String commonName, Credential.Kind kind,
                             Set<Post> posts, char[] pin) {
        KeyContainer c = container(alias);
        Set<Post> wanted = kind == Credential.Kind.PERSON && posts != null ? posts : Set.of();
        synchronized (c) {
            if (c.exists()) {
                c.open(pin); // a container is re-keyed, or even confirmed, only by its holder
                X509Certificate cert = c.certificate();
                CertificateSubject has = CertificateSubject.of(cert);
                if (has.organisation().equals(organisation) && has.kind() == kind && has.posts().equals(wanted)) {
                    return new Credential(alias, kind, cert);
                }
                // The certificate no longer says what the configuration does (other posts, other organisation):
                // a new key and certificate, as a CA would issue when a person changes post.
                LOG.info("crypto soft: re-enrolling {}: certificate says {} {} {}, wanted {} {} {}", alias,
                        has.organisation(), has.kind(), has.posts(), organisation, kind, wanted);
                c.replace(newEntry(subjectDn(organisation, commonName, kind, wanted), kind), pin);
            } else {
                if (pin == null || pin.length == 0) {
                    throw new JinkuException(RejectCode.WRONG_PIN, "a PIN is required to create key container " + alias);
                }
                c.create(newEntry(subjectDn(organisation, commonName, kind, wanted), kind), pin);
                LOG.info("crypto soft: key container {} created for {}", alias, c.certificate().getSubjectX500Principal());
            }
            return new Credential(alias, kind, c.certificate());
        }
    }

    @Override
    public Optional<Credential> credential(String alias) {
        KeyContainer c = container(alias);
        if (!c.held() && !c.exists()) {
            return Optional.empty();
        }
        X509Certificate cert = c.certificate();
        return Optional.of(new Credential(alias, kindOf(cert), cert));
    }

    @Override
    public Credential renew(String alias, char[] pin) {
        KeyContainer c = existing(alias);
        synchronized (c) {
            c.open(pin);
            X509Certificate old = c.certificate();
            Credential.Kind kind = kindOf(old);
            c.replace(newEntry(sameSubject(old), kind), pin);
            LOG.info("crypto soft: key container {} renewed: certificate {} follows {}", alias,
                    c.certificate().getSerialNumber().toString(16).toUpperCase(),
                    old.getSerialNumber().toString(16).toUpperCase());
            return new Credential(alias, kind, c.certificate());
        }
    }

    @Override
    public void changePin(String alias, char[] oldPin, char[] newPin) {
        existing(alias).changePin(oldPin, newPin);
    }

    @Override
    public void resetPin(String alias, char[] newPin) {
        KeyContainer c = existing(alias);
        X509Certificate old = c.certificate();
        c.reset(newPin, () -> newEntry(sameSubject(old), kindOf(old)));
    }

    private KeyContainer container(String alias) {
        KeyContainer c = containers.get(alias == null ? "" : alias);
        if (c == null) {
            if (alias == null || !ALIAS.matcher(alias).matches()) {
                throw new IllegalArgumentException("alias must be 'name' or 'node/name' of [A-Za-z0-9._-]: '" + alias + "'");
            }
            c = containers.computeIfAbsent(alias, a -> new KeyContainer(a, dir, bc, settings, random));
        }
        return c;
    }

    private KeyContainer existing(String alias) {
        KeyContainer c = container(alias);
        if (!c.held() && !c.exists()) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no key container " + alias);
        }
        return c;
    }

    private KeyContainer.Entry newEntry(String subjectDn, Credential.Kind kind) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
            g.initialize(new ECGenParameterSpec(BoxCa.CURVE), random);
            KeyPair kp = g.generateKeyPair();
            return new KeyContainer.Entry(kp.getPrivate(), ca.issue(subjectDn, kp.getPublic(), kind));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an SM2 key: " + e.getMessage(), e);
        }
    }

    private static String subjectDn(String organisation, String commonName, Credential.Kind kind, Set<Post> posts) {
        String ou = kind == Credential.Kind.ORGANISATION ? "Organisation" : "Person";
        String title = kind == Credential.Kind.PERSON && !posts.isEmpty()
                ? "T=" + escape(CertificateSubject.title(posts)) + "," : "";
        return "CN=" + escape(commonName) + "," + title + "OU=" + ou + ",O=" + escape(organisation) + ",C=CN";
    }

    private static String sameSubject(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).toString();
    }

    private static Credential.Kind kindOf(X509Certificate cert) {
        return CertificateSubject.of(cert).kind() == Credential.Kind.ORGANISATION
                ? Credential.Kind.ORGANISATION : Credential.Kind.PERSON;
    }

    private static String escape(String value) {
        return value.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }

    // --- signing ----------------------------------------------------------------------------------------------

    @Override
    public byte[] sign(String alias, char[] pin, byte[] content, CryptoProfile profile) {
        KeyContainer.Opened o = opened(alias, pin);
        byte[] der = signDer(o, content, profile);
        Cms.Template t = o.templates.get(profile.identifiers());
        if (t == null) {
            t = o.templates.computeIfAbsent(profile.identifiers(), ids -> Cms.template(o.certificate,
                    (CryptoProfile.Identifiers) ids));
        }
        return Cms.assemble(t, o.type == Sm2.KeyType.SM2 ? Sm2.encode(der, profile.encoding()) : der);
    }

    @Override
    public byte[] signRaw(String alias, char[] pin, byte[] message, CryptoProfile profile) {
        KeyContainer.Opened o = opened(alias, pin);
        byte[] der = signDer(o, message, profile);
        return o.type == Sm2.KeyType.SM2 ? Sm2.encode(der, profile.encoding()) : der;
    }

    private KeyContainer.Opened opened(String alias, char[] pin) {
        KeyContainer.Opened o = container(alias).open(pin);
        Trust.checkValidity(o.certificate, "the certificate of key container " + alias + ",");
        return o;
    }

    /** The signature as the JCA makes it (DER for SM2 and ECDSA), with this thread's signer of that key. */
    private byte[] signDer(KeyContainer.Opened o, byte[] message, CryptoProfile profile) {
        String id = o.type == Sm2.KeyType.SM2 ? profile.sm2UserId() : "";
        ThreadLocal<Signature> local = o.signers.get(id);
        if (local == null) {
            local = o.signers.computeIfAbsent(id, k -> new ThreadLocal<>());
        }
        Signature s = local.get();
        try {
            if (s == null) {
                s = Signature.getInstance(Sm2.rawAlgorithm(o.type), bc);
                if (o.type == Sm2.KeyType.SM2) {
                    s.setParameter(Sm2.userId(profile));
                }
                s.initSign(o.key, threadRandom.get());
                local.set(s);
            }
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            local.remove();
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    // --- verifying --------------------------------------------------------------------------------------------

    @Override
    public VerifiedSignature verify(byte[] content, byte[] cms, CryptoProfile profile) {
        try {
            Cms.Fast fast = Cms.fastParse(cms);
            Trust.Seen known = fast == null ? null : fast.signer(trust);
            if (known != null) {
                trust.judge(known);
                return Cms.verify(bc, known, fast.digest(), null, fast.signature(), content, profile);
            }
            Cms.Parsed parsed = Cms.parse(cms);
            Trust.Seen signer = trust.seen(parsed.certificate());
            trust.judge(signer);
            return Cms.verify(bc, signer, parsed, content, profile);
        } catch (JinkuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a well-formed CMS SignedData: " + e);
        }
    }

    @Override
    public void verifyRaw(X509Certificate signer, byte[] message, byte[] signature, CryptoProfile profile) {
        Trust.Seen s = trust.seen(signer);
        String algorithm = Sm2.rawAlgorithm(s.type);
        boolean sm2 = s.type == Sm2.KeyType.SM2;
        String id = sm2 ? profile.sm2UserId() : "";
        Signature v = s.verifier(bc, algorithm, sm2 ? Sm2.userId(profile) : null, id);
        boolean ok;
        try {
            v.update(message);
            ok = v.verify(sm2 ? Sm2.toDer(signature) : signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            s.discard(algorithm, id);
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature of " + s.subject() + " does not match the "
                    + "message" + (sm2 ? " (SM2 user ID '" + profile.sm2UserId() + "')" : " (" + algorithm + ")"));
        }
    }

    @Override
    public X509Certificate trust(X509Certificate certificate) {
        return trust.judge(trust.seen(certificate));
    }

    @Override
    public byte[] transcode(byte[] cms, CryptoProfile profile) {
        try {
            return Cms.transcode(cms, profile);
        } catch (JinkuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a well-formed CMS SignedData: " + e);
        }
    }

    // --- envelopes --------------------------------------------------------------------------------------------

    @Override
    public byte[] encrypt(X509Certificate recipient, byte[] data, CryptoProfile profile) {
        return Envelopes.encrypt(trust.seen(recipient), data, profile, random);
    }

    @Override
    public byte[] decrypt(String alias, char[] pin, byte[] enveloped, CryptoProfile profile) {
        KeyContainer.Opened o = container(alias).open(pin);
        try {
            return Envelopes.decrypt(alias, o.entries, enveloped, profile);
        } catch (JinkuException e) {
            throw e;
        } catch (RuntimeException e) {
            // structurally odd envelopes make the ASN.1 accessors throw unchecked exceptions
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "not a well-formed EnvelopedData: " + e);
        }
    }

    // --- certificates, CRLs, digests --------------------------------------------------------------------------

    @Override
    public X509CRL readCrl(byte[] derOrPem) {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509", bc).generateCRL(new ByteArrayInputStream(derOrPem));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "not a readable CRL (DER or PEM): " + e.getMessage());
        }
        if (crl == null) {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "not a readable CRL (DER or PEM): no CRL found");
        }
        boolean named = false;
        for (X509Certificate anchor : trust.anchors()) {
            if (anchor.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                named = true;
                try {
                    crl.verify(anchor.getPublicKey(), bc);
                    return crl;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // another anchor of that name may have signed it
                }
            }
        }
        throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "CRL of " + crl.getIssuerX500Principal().getName()
                + (named ? " does not verify with the key of the trusted CA of that name (a CA impostor?)"
                : ": that CA is not trusted here"));
    }

    @Override
    public X509Certificate readCertificate(byte[] pemOrDer) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509", bc)
                    .generateCertificate(new ByteArrayInputStream(pemOrDer));
            if (c == null) {
                throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "not a readable certificate: none found");
            }
            return c;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof JinkuException j) {
                throw j;
            }
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "not a readable certificate: " + e.getMessage());
        }
    }

    @Override
    public byte[] digest(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    @Override
    public List<X509Certificate> trustAnchors() {
        return new ArrayList<>(trust.anchors());
    }
}
