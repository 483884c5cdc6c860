package org.jinku.crypto.pkcs11.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.CertificateSubject;
import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.spi.CertificateAuthority;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.crypto.pkcs11.Sm2;
import org.jinku.crypto.pkcs11.Sm2Mechanism;

/**
 * Keys in a hardware security module or token (密码机 / 智能密码钥匙): generated inside it, certified by the
 * CA service, kept there as token objects under the alias, never exported. Registered as
 * {@code jinku.crypto=pkcs11}; a node moves to it by setting {@code crypto.target = (jinku.crypto=pkcs11)}.
 *
 * <p>{@code mechanism = jca} reaches a PKCS#11 token through the JDK's SunPKCS11 (EC P-256 or RSA 2048
 * keys, SHA256withECDSA / SHA256withRSA). Any other value names a vendor {@link Sm2Mechanism} service, for SM2
 * keys in an SM2 device. The token's user PIN is every container's PIN.
 *
 * <p>Only what needs the private key happens here. Verification, trust, CRLs, reading certificates, digests,
 * transcoding and encryption to peers are the software provider's ({@code software.target}, by default
 * {@code (jinku.crypto=soft)}), which trusts the same CA.
 */
@Component(service = CryptoProvider.class, configurationPid = "jinku.crypto.pkcs11",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = CryptoProvider.SERVICE_PROPERTY + "=pkcs11")
@Designate(ocd = Pkcs11CryptoProvider.Config.class)
public class Pkcs11CryptoProvider implements CryptoProvider {

    @ObjectClassDefinition(name = "Jinku PKCS#11 crypto provider (HSM)")
    public @interface Config {
        @AttributeDefinition(description = "PKCS#11 library of the HSM or token")
        String library() default "/usr/lib/softhsm/libsofthsm2.so";

        @AttributeDefinition(description = "Slot ID of the token (-1: by token.label or slot.index)")
        long slot() default -1;

        @AttributeDefinition(description = "Label of the token (found with pkcs11-tool or softhsm2-util)")
        String token_label() default "";

        @AttributeDefinition(description = "Index of the token's slot in the library's slot list (-1: unset)")
        int slot_index() default -1;

        @AttributeDefinition(description = "A complete SunPKCS11 configuration file instead of library and slot")
        String sunpkcs11_config() default "";

        @AttributeDefinition(description = "Key pairs made in the token: EC_P256 or RSA_2048")
        String key_algorithm() default "EC_P256";

        @AttributeDefinition(description = "jca (SunPKCS11) or the id of a vendor Sm2Mechanism service")
        String mechanism() default "jca";

        @AttributeDefinition(description = "Directory of the certificates of the token's keys")
        String certificate_dir() default "";

        @AttributeDefinition(description = "Wrong PINs in a row after which a container locks")
        int pin_max_attempts() default 5;

        @AttributeDefinition(description = "Seconds a null PIN is accepted after a right one (0: never)")
        int pin_cache_seconds() default 0;
    }

    /** What the component reads from its configuration; tests make one directly. */
    record Settings(String library, long slot, String tokenLabel, int slotIndex, String sunpkcs11Config,
                    JcaToken.KeyAlgorithm keyAlgorithm, String mechanism, Path certificateDir, int pinMaxAttempts,
                    int pinCacheSeconds) {

        static Settings of(Config c) {
            String dir = c.certificate_dir();
            if (dir == null || dir.isBlank()) {
                dir = Paths.get(System.getProperty("karaf.data", "data"), "jinku", "keys", "pkcs11").toString();
            }
            return new Settings(c.library(), c.slot(), c.token_label(), c.slot_index(), c.sunpkcs11_config(),
                    CryptoProfile.parse(JcaToken.KeyAlgorithm.class, "key.algorithm", c.key_algorithm(),
                            JcaToken.KeyAlgorithm.EC_P256),
                    c.mechanism() == null || c.mechanism().isBlank() ? "jca" : c.mechanism().trim(),
                    Paths.get(dir), c.pin_max_attempts(), c.pin_cache_seconds());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11CryptoProvider.class);

    private final BouncyCastleProvider bc = new BouncyCastleProvider();
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Signer> signers = new ConcurrentHashMap<>();
    private final Map<String, Sm2Mechanism> mechanisms = new ConcurrentHashMap<>();

    @Reference(target = "(" + CryptoProvider.SERVICE_PROPERTY + "=soft)")
    private CryptoProvider software;

    @Reference(target = "(" + CertificateAuthority.SERVICE_PROPERTY + "=*)")
    private CertificateAuthority ca;

    private Device device;
    private CertificateFiles files;
    private PinGuard guard;
    private boolean sm2;
    /** Counts logins made after the first, so threads that saw the same lost login log in only once. */
    private volatile long loginEpoch;

    @Activate
    void activate(Config config) {
        open(Settings.of(config));
    }

    /** Outside OSGi (tests, benchmarks): the CA, the software provider and the vendor mechanisms given here. */
    static Pkcs11CryptoProvider open(Settings settings, CertificateAuthority ca, CryptoProvider software,
                                     List<Sm2Mechanism> mechanisms) {
        Pkcs11CryptoProvider p = new Pkcs11CryptoProvider();
        p.ca = ca;
        p.software = software;
        mechanisms.forEach(p::bindMechanism);
        p.open(settings);
        return p;
    }

    private void open(Settings s) {
        files = new CertificateFiles(s.certificateDir(), bc);
        guard = new PinGuard(s.pinMaxAttempts(), Duration.ofSeconds(Math.max(0, s.pinCacheSeconds())),
                Clock.systemUTC());
        if ("jca".equalsIgnoreCase(s.mechanism())) {
            device = jcaToken(s);
            sm2 = false;
        } else {
            String id = s.mechanism();
            Supplier<Sm2Mechanism> m = () -> {
                Sm2Mechanism found = mechanisms.get(id);
                if (found == null) {
                    throw MechanismDevice.missing(id);
                }
                return found;
            };
            device = new MechanismDevice(id, m, files);
            sm2 = true;
        }
        LOG.info("crypto pkcs11: {}, certificates in {}", device.describe(), files.dir());
    }

    private static JcaToken jcaToken(Settings s) {
        String text;
        String where;
        if (s.sunpkcs11Config() != null && !s.sunpkcs11Config().isBlank()) {
            Path file = Paths.get(s.sunpkcs11Config());
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the SunPKCS11 configuration " + file + ": " + e, e);
            }
            if (!text.contains("CKA_SENSITIVE")) {
                // Our keys must be generated sensitive and not extractable whatever else the site configures.
                text = text + "\n" + JcaToken.KEY_ATTRIBUTES;
            }
            where = file.toString();
        } else {
            if (!Files.exists(Paths.get(s.library()))) {
                throw new IllegalStateException("the PKCS#11 library " + s.library() + " does not exist: install the"
                        + " HSM's client (for SoftHSM2: apt-get install softhsm2) or set library in"
                        + " etc/jinku.crypto.pkcs11.cfg");
            }
            long slot = s.slot();
            String selected;
            if (slot < 0 && s.tokenLabel() != null && !s.tokenLabel().isBlank()) {
                slot = TokenSlots.find(s.library(), s.tokenLabel().trim());
                selected = "token '" + s.tokenLabel().trim() + "' (slot " + slot + ")";
            } else {
                selected = slot >= 0 ? "slot " + slot : "slot #" + Math.max(0, s.slotIndex()) + " of the list";
            }
            text = JcaToken.configuration("jinku", s.library(), slot, s.slotIndex());
            where = s.library() + ", " + selected;
        }
        return JcaToken.open(text, s.keyAlgorithm(), "PKCS#11 " + where + ", " + s.keyAlgorithm() + " keys");
    }

    @Deactivate
    void deactivate() {
        if (device != null) {
            device.close();
        }
        signers.clear();
        credentials.clear();
    }

    @Reference(service = Sm2Mechanism.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMechanism(Sm2Mechanism m) {
        mechanisms.put(m.id(), m);
    }

    void unbindMechanism(Sm2Mechanism m) {
        mechanisms.remove(m.id(), m);
    }

    @Override
    public String id() {
        return "pkcs11";
    }

    // ------------------------------------------------------------------ keys in the token

    @Override
    public synchronized Credential enroll(String alias, String organisation, String commonName, Credential.Kind kind,
                                          Set<Post> posts, char[] pin) {
        CertificateFiles.checkAlias(alias);
        guard.open(alias, pin, device::login);
        Optional<X509Certificate> existing = withLogin(pin, () -> ownCertificate(alias));
        if (existing.isPresent()) {
            X509Certificate cert = existing.get();
            CertificateSubject has = CertificateSubject.of(cert);
            boolean same = has.organisation().equals(organisation) && has.kind() == kind
                    && has.posts().equals(kind == Credential.Kind.PERSON ? posts : Set.of());
            if (same && keyFits(cert.getPublicKey()) && fromThisCa(cert) && withLogin(pin, () -> device.hasKey(alias))) {
                return credential(alias, cert);
            }
            LOG.info("crypto pkcs11: new key for {}: its certificate {} from {} no longer fits ({} {} {} wanted, key {},"
                    + " CA {})", alias, cert.getSubjectX500Principal().getName(),
                    cert.getIssuerX500Principal().getName(), organisation, kind, posts,
                    cert.getPublicKey().getAlgorithm(), ca.certificate().getSubjectX500Principal().getName());
        }
        return withLogin(pin, () -> newKey(alias, organisation, commonName, kind, posts));
    }

    @Override
    public synchronized Credential renew(String alias, char[] pin) {
        CertificateFiles.checkAlias(alias);
        guard.open(alias, pin, device::login);
        X509Certificate cert = withLogin(pin, () -> ownCertificate(alias)).orElseThrow(() ->
                new JinkuException(RejectCode.NOT_AUTHORIZED, "no key enrolled for " + alias + " in "
                        + device.describe()));
        CertificateSubject s = CertificateSubject.of(cert);
        Credential.Kind kind = s.kind() == Credential.Kind.ORGANISATION ? Credential.Kind.ORGANISATION
                : Credential.Kind.PERSON;
        return withLogin(pin, () -> newKey(alias, s.organisation(), s.commonName(), kind, s.posts()));
    }

    /** A key pair generated in the device, certified by the CA, kept under the alias with its certificate. */
    private Credential newKey(String alias, String organisation, String commonName, Credential.Kind kind,
                              Set<Post> posts) {
        PublicKey publicKey = device.generate(alias);
        String ou = kind == Credential.Kind.ORGANISATION ? "Organisation" : "Person";
        String title = kind == Credential.Kind.PERSON && !posts.isEmpty()
                ? "T=" + escape(CertificateSubject.title(posts)) + "," : "";
        X509Certificate cert = ca.issue("CN=" + escape(commonName) + "," + title + "OU=" + ou + ",O="
                + escape(organisation) + ",C=CN", publicKey, kind);
        if (!java.util.Arrays.equals(cert.getPublicKey().getEncoded(), publicKey.getEncoded())) {
            throw new IllegalStateException("the CA certified another key than the one generated for " + alias);
        }
        device.store(alias, List.of(cert, ca.certificate()));
        files.write(alias, cert);
        signers.keySet().removeIf(k -> k.startsWith(alias + "|"));
        Credential c = new Credential(alias, kind, cert);
        credentials.put(alias, c);
        LOG.info("crypto pkcs11: {} enrolled in {}: {} (SN {})", alias, device.describe(), c.subject(), c.serialHex());
        return c;
    }

    /** Whether the CA of now issued {@code cert}: a token outlives a box CA that was made anew. */
    private boolean fromThisCa(X509Certificate cert) {
        X509Certificate caCert = ca.certificate();
        if (!caCert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(caCert.getPublicKey(), bc);
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private boolean keyFits(PublicKey key) {
        if (sm2) {
            return Sm2.isSm2(key);
        }
        if (Sm2.isSm2(key)) {
            return false;
        }
        return ((JcaToken) device).keyAlgorithm() == JcaToken.KeyAlgorithm.RSA_2048
                ? "RSA".equals(key.getAlgorithm()) : "EC".equals(key.getAlgorithm());
    }

    /**
     * The credential of {@code alias}: from the token when it holds one; otherwise the software provider's —
     * in the joint-test box the peers' organisation certificates are found by alias there.
     */
    @Override
    public Optional<Credential> credential(String alias) {
        Credential c = credentials.get(alias);
        if (c != null) {
            return Optional.of(c);
        }
        Optional<X509Certificate> own = ownCertificate(alias);
        if (own.isPresent()) {
            Credential found = credential(alias, own.get());
            if (device.authoritative()) {
                credentials.put(alias, found);
            }
            return Optional.of(found);
        }
        return software.credential(alias);
    }

    /** Only what the token (or this provider's certificate copies) holds; not the software provider's keys. */
    @Override
    public boolean holdsKey(String alias) {
        return credentials.containsKey(alias) || ownCertificate(alias).isPresent();
    }

    private Optional<X509Certificate> ownCertificate(String alias) {
        CertificateFiles.checkAlias(alias);
        return device.authoritative() ? device.certificate(alias).map(this::bcCertificate) : files.read(alias);
    }

    /** Certificates as the software provider reads them (the token's come from the JDK's factory). */
    private X509Certificate bcCertificate(X509Certificate cert) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", bc)
                    .generateCertificate(new java.io.ByteArrayInputStream(cert.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read a certificate of the token: " + e.getMessage(), e);
        }
    }

    private static Credential credential(String alias, X509Certificate cert) {
        Credential.Kind kind = CertificateSubject.of(cert).kind() == Credential.Kind.ORGANISATION
                ? Credential.Kind.ORGANISATION : Credential.Kind.PERSON;
        return new Credential(alias, kind, cert);
    }

    // ------------------------------------------------------------------ signing

    @Override
    public byte[] sign(String alias, char[] pin, byte[] content, CryptoProfile profile) {
        CertificateFiles.checkAlias(alias);
        guard.open(alias, pin, device::login);
        byte[] cms = withLogin(pin, () -> signer(alias, profile).sign(content));
        return sm2 && profile.identifiers() == CryptoProfile.Identifiers.GMT ? software.transcode(cms, profile) : cms;
    }

    @Override
    public byte[] signRaw(String alias, char[] pin, byte[] message, CryptoProfile profile) {
        CertificateFiles.checkAlias(alias);
        guard.open(alias, pin, device::login);
        return withLogin(pin, () -> device.signRaw(alias, signingCertificate(alias), message, profile));
    }

    private Signer signer(String alias, CryptoProfile profile) {
        String key = alias + "|" + (sm2 ? profile.sm2UserId() + "|" + profile.encoding() : "");
        Signer s = signers.get(key);
        if (s == null) {
            s = new Signer(alias, signingCertificate(alias), profile);
            signers.put(key, s);
        }
        return s;
    }

    private X509Certificate signingCertificate(String alias) {
        Credential known = credentials.get(alias);
        X509Certificate cert = known != null ? known.certificate() : ownCertificate(alias).orElseThrow(() ->
                new JinkuException(RejectCode.NOT_AUTHORIZED, "no key enrolled for " + alias + " in "
                        + device.describe()));
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new JinkuException(RejectCode.CERTIFICATE_EXPIRED, "the certificate of " + alias + " (SN "
                    + cert.getSerialNumber().toString(16).toUpperCase() + ") is not valid now: " + e.getMessage()
                    + "; renew it");
        }
        return cert;
    }

    /**
     * Runs {@code work}; when the device dropped the login (another login in this process logged it out, the
     * HSM restarted), logs in again with the same PIN — already checked against the one that logged in — and
     * runs it once more.
     */
    private <T> T withLogin(char[] pin, Supplier<T> work) {
        long epoch = loginEpoch;
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!device.loginLost(e)) {
                throw e;
            }
            if (pin == null || !guard.isLoggedInPin(pin)) {
                // let through by the PIN cache: there is no PIN to log in with
                throw new JinkuException(RejectCode.WRONG_PIN, device.describe() + " dropped its login: give the PIN"
                        + " again");
            }
            synchronized (this) {
                if (loginEpoch == epoch) {
                    // the first thread to notice logs in; the others only retry on its login
                    LOG.info("crypto pkcs11: {} dropped its login ({}); logging in again", device.describe(),
                            JcaToken.causes(e));
                    try {
                        device.resume(pin);
                    } catch (RuntimeException again) {
                        guard.forget();
                        throw again;
                    }
                    signers.clear();
                    loginEpoch++;
                }
            }
            return work.get();
        }
    }

    /** Logs in anew; a device that refuses has logged out (a login first drops the old one): forget it. */
    private void relogin(char[] pin) {
        loginEpoch++;
        signers.clear();
        try {
            device.login(pin);
        } catch (RuntimeException e) {
            guard.forget();
            throw e;
        }
    }

    /** One CMS generator per thread for a key: building the signer per voucher costs several times the signature. */
    private final class Signer {
        private final ThreadLocal<CMSSignedDataGenerator> generator;

        Signer(String alias, X509Certificate cert, CryptoProfile profile) {
            generator = ThreadLocal.withInitial(() -> {
                try {
                    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
                    g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                            new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                            .setDirectSignature(true)
                            .build(device.contentSigner(alias, cert, profile), cert));
                    g.addCertificates(new JcaCertStore(List.of(cert)));
                    return g;
                } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
                    throw new IllegalStateException("cannot build the signer of " + alias + ": " + e.getMessage(), e);
                }
            });
        }

        byte[] sign(byte[] content) {
            try {
                return generator.get().generate(new CMSProcessableByteArray(content), false).getEncoded();
            } catch (CMSException | IOException e) {
                throw new IllegalStateException("signing failed in " + device.describe() + ": "
                        + JcaToken.causes(e), e);
            }
        }
    }

    // ------------------------------------------------------------------ PINs

    /**
     * A token's user PIN is changed on the token, with its own tool (C_SetPIN is not reachable through
     * java.security): this checks the old PIN and says so.
     */
    @Override
    public void changePin(String alias, char[] oldPin, char[] newPin) {
        CertificateFiles.checkAlias(alias);
        guard.open(alias, oldPin, device::login);
        throw new JinkuException(RejectCode.NOT_AUTHORIZED, "the PIN of " + device.describe() + " is the token's"
                + " user PIN, shared by every key in it: change it with the token's tool (pkcs11-tool --change-pin,"
                + " or the vendor's), then give Jinku the new one with the security administrator's PIN reset");
    }

    /**
     * Unlocks {@code alias} and logs in with {@code newPin}, the token's user PIN as its security officer set it
     * (e.g. {@code softhsm2-util --init-pin}, {@code pkcs11-tool --init-pin}).
     *
     * @throws JinkuException WRONG_PIN when the token refuses {@code newPin}
     */
    @Override
    public synchronized void resetPin(String alias, char[] newPin) {
        CertificateFiles.checkAlias(alias);
        guard.reset(alias);
        if (!guard.isLoggedInPin(newPin) || !device.authoritative() && device instanceof JcaToken) {
            relogin(newPin);
            guard.loggedIn(newPin);
        }
        LOG.info("crypto pkcs11: PIN of {} reset; {} unlocked", device.describe(), alias);
    }

    // ------------------------------------------------------------------ the software provider's part

    @Override
    public VerifiedSignature verify(byte[] content, byte[] cms, CryptoProfile profile) {
        return software.verify(content, cms, profile);
    }

    @Override
    public void verifyRaw(X509Certificate signer, byte[] message, byte[] signature, CryptoProfile profile) {
        software.verifyRaw(signer, message, signature, profile);
    }

    @Override
    public X509Certificate trust(X509Certificate certificate) {
        return software.trust(certificate);
    }

    @Override
    public byte[] transcode(byte[] cms, CryptoProfile profile) {
        return software.transcode(cms, profile);
    }

    @Override
    public byte[] encrypt(X509Certificate recipient, byte[] data, CryptoProfile profile) {
        return software.encrypt(recipient, data, profile);
    }

    @Override
    public byte[] decrypt(String alias, char[] pin, byte[] enveloped, CryptoProfile profile) {
        throw new JinkuException(RejectCode.DECRYPTION_FAILED, "cannot open the envelope for " + alias + ": the"
                + " pkcs11 provider does not decrypt (its token keys are EC P-256/RSA signing keys); configure SM2"
                + " payload encryption on a node with the soft provider or a vendor SM2 mechanism");
    }

    @Override
    public X509CRL readCrl(byte[] derOrPem) {
        return software.readCrl(derOrPem);
    }

    @Override
    public X509Certificate readCertificate(byte[] pemOrDer) {
        return software.readCertificate(pemOrDer);
    }

    @Override
    public byte[] digest(byte[] data) {
        return software.digest(data);
    }

    @Override
    public List<X509Certificate> trustAnchors() {
        return software.trustAnchors();
    }

    private static String escape(String value) {
        return value.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }

    /** For tests: the device, whose JCA provider shows that a key cannot be read out. */
    Device device() {
        return device;
    }
}
