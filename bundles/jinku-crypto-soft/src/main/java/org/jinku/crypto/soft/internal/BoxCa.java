package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import org.jinku.api.Credential;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CertificateAuthority;

/**
 * The box CA (测试CA): an SM2 root that certifies the organisation and personal keys of this appliance, keeps
 * a register of what it issued, revokes (挂失 is a revocation for keyCompromise) and signs CRLs. Sites replace
 * it by their CA; it exists so a fresh joint-test box has real certificates, chains and CRLs.
 *
 * <p>Files in {@code <keystore.dir>/ca/}: {@code ca.key} (PEM, owner-only) and {@code ca.crt}; {@code issued.txt},
 * the register, one certificate a line; {@code crl.der}, the last CRL, whose number the next one continues.
 */
@Component(service = CertificateAuthority.class, configurationPid = "jinku.ca",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = CertificateAuthority.SERVICE_PROPERTY + "=box")
@Designate(ocd = BoxCa.Config.class)
public class BoxCa implements CertificateAuthority {

    @ObjectClassDefinition(name = "Jinku box CA")
    public @interface Config {
        @AttributeDefinition(description = "Key directory; the CA's files are in its subdirectory ca/")
        String keystore_dir() default "";

        @AttributeDefinition(description = "Subject of the CA certificate, used when the CA is first created")
        String ca_subject() default DEFAULT_SUBJECT;

        @AttributeDefinition(description = "Validity of issued certificates in days")
        int certificate_validity_days() default 730;

        @AttributeDefinition(description = "Days from a CRL's thisUpdate to its nextUpdate")
        int crl_next_update_days() default 7;
    }

    static final String DEFAULT_SUBJECT = "CN=Jinku Joint-Test CA,O=Jinku,C=CN";
    static final String SIG_ALG = "SM3WITHSM2";
    static final String CURVE = "sm2p256v1";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BoxCa.class);
    private static final String REGISTER_HEADER = "# serial\tkind\tnotBefore\tnotAfter\trevokedAt\treason\trevokedBy\tsubject";

    private final Provider bc = new BouncyCastleProvider();
    private final SecureRandom random = new SecureRandom();
    private Path dir;
    private PrivateKey caKey;
    private X509Certificate caCert;
    private int validityDays;
    private int crlDays;
    private final List<IssuedCertificate> register = new ArrayList<>();
    private byte[] crl;
    private BigInteger crlNumber = BigInteger.ZERO;

    @Activate
    void activate(Config config) throws IOException, GeneralSecurityException {
        String d = config.keystore_dir();
        if (d == null || d.isBlank()) {
            d = Paths.get(System.getProperty("karaf.data", "data"), "jinku", "keys").toString();
        }
        open(Paths.get(d), config.ca_subject(), config.certificate_validity_days(), config.crl_next_update_days());
    }

    /** The box CA of key directory {@code keyDir} outside OSGi (tests, benchmarks). */
    public static BoxCa open(Path keyDir) throws IOException, GeneralSecurityException {
        BoxCa ca = new BoxCa();
        ca.open(keyDir, DEFAULT_SUBJECT, 730, 7);
        return ca;
    }

    private synchronized void open(Path keyDir, String subject, int validity, int crlNextUpdateDays)
            throws IOException, GeneralSecurityException {
        this.dir = keyDir.resolve("ca");
        this.validityDays = validity;
        this.crlDays = crlNextUpdateDays;
        Path key = dir.resolve("ca.key");
        Path crt = dir.resolve("ca.crt");
        if (Files.exists(key) && Files.exists(crt)) {
            // A CA certificate made before key usage was written keeps working: anchors are not judged by it.
            caKey = Files2.readPemKey(bc, key);
            caCert = Files2.readPemCertificate(bc, crt);
        } else {
            KeyPair kp = generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now();
            caKey = kp.getPrivate();
            caCert = build(name, kp.getPublic(), null, now.minus(Duration.ofMinutes(5)),
                    now.plus(Duration.ofDays(validity * 2L)));
            Files2.writePem(key, kp.getPrivate());
            Files2.writePem(crt, caCert);
            LOG.info("crypto soft: box CA {} created in {}", subject, dir);
        }
        readRegister(keyDir);
        Path crlFile = dir.resolve("crl.der");
        if (Files.exists(crlFile)) {
            crl = Files.readAllBytes(crlFile);
            CRLNumber n = CRLNumber.getInstance(new X509CRLHolder(crl).getExtension(Extension.cRLNumber).getParsedValue());
            crlNumber = n.getCRLNumber();
        }
    }

    KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec(CURVE), random);
        return g.generateKeyPair();
    }

    @Override
    public X509Certificate certificate() {
        return caCert;
    }

    @Override
    public X509Certificate issue(String subjectDn, PublicKey publicKey, Credential.Kind kind) {
        Instant now = Instant.now();
        // a few minutes back: a peer whose clock is slightly behind still sees the certificate valid
        return issue(subjectDn, publicKey, kind, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(validityDays)));
    }

    @Override
    public synchronized X509Certificate issue(String subjectDn, PublicKey publicKey, Credential.Kind kind,
                                              Instant notBefore, Instant notAfter) {
        if (kind == null) {
            throw new IllegalArgumentException("a certificate is for an organisation or a person");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        try {
            Sm2.keyType(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot certify " + subjectDn + ": " + e.getMessage());
        }
        X509Certificate c;
        try {
            c = build(new X500Name(subjectDn), publicKey, kind, notBefore, notAfter);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot issue a certificate for '" + subjectDn + "': " + e.getMessage(), e);
        }
        register.add(new IssuedCertificate(c.getSerialNumber(), c.getSubjectX500Principal().getName(), kind,
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), null, null, null));
        writeRegister();
        LOG.info("crypto soft: box CA issued {} to {} ({} to {})", c.getSerialNumber().toString(16).toUpperCase(),
                subjectDn, notBefore, notAfter);
        return c;
    }

    /**
     * A TLS server certificate for the appliance's HTTPS listener: an ECDSA P-256 key (what browsers and JSSE speak;
     * SM2 is not a TLS key type there) certified by this CA for the given host names and addresses, entered in the
     * register like any other certificate so that it can be revoked.
     */
    public synchronized X509Certificate issueTlsServer(String subjectDn, PublicKey p256, List<String> names, int days)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        try {
            X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).setBit(63),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(days))),
                    new X500Name(subjectDn), p256);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth));
            org.bouncycastle.asn1.x509.GeneralName[] san = names.stream()
                    .map(n -> new org.bouncycastle.asn1.x509.GeneralName(n.matches("[0-9.]+|.*:.*")
                            ? org.bouncycastle.asn1.x509.GeneralName.iPAddress
                            : org.bouncycastle.asn1.x509.GeneralName.dNSName, n))
                    .toArray(org.bouncycastle.asn1.x509.GeneralName[]::new);
            b.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(san));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(p256));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert.getPublicKey()));
            X509Certificate c = new JcaX509CertificateConverter().setProvider(bc).getCertificate(b.build(signer()));
            register.add(new IssuedCertificate(c.getSerialNumber(), c.getSubjectX500Principal().getName(),
                    Credential.Kind.ORGANISATION, c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), null, null,
                    null));
            writeRegister();
            LOG.info("crypto soft: box CA issued TLS server certificate {} for {}",
                    c.getSerialNumber().toString(16).toUpperCase(), names);
            return c;
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot issue a TLS certificate for " + names + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized IssuedCertificate revoke(BigInteger serial, String reason, String actor) {
        String r = reason == null || reason.isBlank() ? "unspecified" : reason.trim();
        int code = reasonCode(r);
        for (int i = 0; i < register.size(); i++) {
            IssuedCertificate e = register.get(i);
            if (e.serial().equals(serial)) {
                if (e.revoked()) {
                    return e;
                }
                IssuedCertificate revoked = new IssuedCertificate(e.serial(), e.subject(), e.kind(), e.notBefore(),
                        e.notAfter(), Instant.now(), CertificateAuthority.REASONS.stream()
                        .filter(n -> n.equalsIgnoreCase(r)).findFirst().orElse(r), actor);
                register.set(i, revoked);
                writeRegister();
                signCrl(); // the CRL number grows with every revocation
                LOG.warn("crypto soft: box CA revoked {} ({}), reason {} (code {}), by {}", e.serialHex(), e.subject(),
                        revoked.revocationReason(), code, actor);
                return revoked;
            }
        }
        throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "the box CA never issued a certificate with serial "
                + serial.toString(16).toUpperCase());
    }

    /**
     * The current CRL. A new one (number + 1) is signed after a revocation, and when the stored one is past half
     * its validity, so a published CRL never runs out between two calls a few days apart.
     */
    @Override
    public synchronized byte[] crl() {
        try {
            if (crl != null) {
                X509CRLHolder h = new X509CRLHolder(crl);
                Instant thisUpdate = h.getThisUpdate().toInstant();
                Instant next = h.getNextUpdate() == null ? thisUpdate : h.getNextUpdate().toInstant();
                if (Instant.now().isBefore(thisUpdate.plus(Duration.between(thisUpdate, next).dividedBy(2)))) {
                    return crl.clone();
                }
            }
            return signCrl().clone();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the box CA's CRL: " + e.getMessage(), e);
        }
    }

    private byte[] signCrl() {
        try {
            Instant now = Instant.now();
            X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(crlDays))));
            for (IssuedCertificate e : register) {
                if (e.revoked()) {
                    b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), reasonCode(e.revocationReason()));
                }
            }
            crlNumber = crlNumber.add(BigInteger.ONE);
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert.getPublicKey()));
            byte[] der = b.build(signer()).getEncoded();
            Files2.writeAtomically(dir.resolve("crl.der"), der);
            crl = der;
            return der;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the box CA's CRL: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<IssuedCertificate> issued() {
        return List.copyOf(register);
    }

    static int reasonCode(String reason) {
        return switch (reason == null ? "unspecified" : reason.toLowerCase(Locale.ROOT)) {
            case "unspecified" -> CRLReason.unspecified;
            case "keycompromise" -> CRLReason.keyCompromise;
            case "affiliationchanged" -> CRLReason.affiliationChanged;
            case "superseded" -> CRLReason.superseded;
            case "cessationofoperation" -> CRLReason.cessationOfOperation;
            case "certificatehold" -> CRLReason.certificateHold;
            default -> throw new IllegalArgumentException("revocation reason '" + reason + "' is none of "
                    + CertificateAuthority.REASONS);
        };
    }

    // --- certificates -----------------------------------------------------------------------------------------

    /** kind null: the CA's own certificate. */
    private X509Certificate build(X500Name subject, PublicKey publicKey, Credential.Kind kind, Instant notBefore,
                                  Instant notAfter) throws GeneralSecurityException {
        boolean ca = kind == null;
        try {
            X500Name issuer = ca ? subject : X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            BigInteger serial = new BigInteger(64, random).setBit(63);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            int usage = ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : kind == Credential.Kind.ORGANISATION
                    // organisations also receive payload keys wrapped with their certificate
                    ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment
                    | KeyUsage.dataEncipherment
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            if (!ca) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(caCert.getPublicKey()));
            }
            X509CertificateHolder holder = b.build(signer());
            return new JcaX509CertificateConverter().setProvider(bc).getCertificate(holder);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot issue certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private ContentSigner signer() throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIG_ALG).setProvider(bc).build(caKey);
    }

    // --- register ---------------------------------------------------------------------------------------------

    private void readRegister(Path keyDir) throws IOException {
        Path file = dir.resolve("issued.txt");
        register.clear();
        if (!Files.exists(file)) {
            adopt(keyDir);
            writeRegister();
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 8);
            if (f.length != 8) {
                throw new IOException(file + ": unreadable line '" + line + "'");
            }
            register.add(new IssuedCertificate(new BigInteger(f[0], 16), f[7], Credential.Kind.valueOf(f[1]),
                    Instant.parse(f[2]), Instant.parse(f[3]), f[4].equals("-") ? null : Instant.parse(f[4]),
                    f[5].equals("-") ? null : f[5], f[6].equals("-") ? null : f[6]));
        }
    }

    /**
     * A box made before the CA kept a register: its certificates are the {@code *.crt} files of the key
     * directory this CA signed, so that they can be revoked (挂失) too.
     */
    private void adopt(Path keyDir) throws IOException {
        if (!Files.isDirectory(keyDir)) {
            return;
        }
        List<X509Certificate> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(keyDir, 3)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".crt") && !p.startsWith(dir)
                    && !p.startsWith(keyDir.resolve("trust"))).toList()) {
                try {
                    X509Certificate c = Files2.readPemCertificate(bc, f);
                    c.verify(caCert.getPublicKey(), bc);
                    found.add(c);
                } catch (IOException | GeneralSecurityException | RuntimeException notOurs) {
                    // not a certificate of this CA
                }
            }
        }
        found.sort(Comparator.comparing(X509Certificate::getNotBefore));
        for (X509Certificate c : found) {
            boolean[] ku = c.getKeyUsage();
            Credential.Kind kind = org.jinku.api.CertificateSubject.of(c).kind();
            register.add(new IssuedCertificate(c.getSerialNumber(), c.getSubjectX500Principal().getName(),
                    kind != null ? kind : ku != null && ku.length > 2 && ku[2] ? Credential.Kind.ORGANISATION
                            : Credential.Kind.PERSON,
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), null, null, null));
        }
        if (!found.isEmpty()) {
            LOG.info("crypto soft: box CA register started with {} certificate(s) found in {}", found.size(), keyDir);
        }
    }

    private void writeRegister() {
        StringBuilder s = new StringBuilder(REGISTER_HEADER).append('\n');
        for (IssuedCertificate e : register) {
            s.append(e.serialHex()).append('\t').append(e.kind()).append('\t').append(e.notBefore()).append('\t')
                    .append(e.notAfter()).append('\t').append(e.revokedAt() == null ? "-" : e.revokedAt()).append('\t')
                    .append(field(e.revocationReason())).append('\t').append(field(e.revokedBy())).append('\t')
                    .append(e.subject().replaceAll("[\t\r\n]", " ")).append('\n');
        }
        try {
            Files2.writeAtomically(dir.resolve("issued.txt"), s.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the box CA's register: " + e.getMessage(), e);
        }
    }

    private static String field(String s) {
        return s == null || s.isBlank() ? "-" : s.replaceAll("[\t\r\n]", " ");
    }
}
