package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import org.jinku.api.CertificateSubject;
import org.jinku.api.Credential;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.spi.CryptoProvider;

/**
 * SM2/SM3 in software with Bouncy Castle. Keys live as PEM files under {@code keystore.dir}, certified
 * by the {@link BoxCa}. Signatures are detached CMS SignedData (SM3withSM2, user ID 1234567812345678,
 * no signed attributes, signer certificate included), as deployed voucher libraries produce them.
 */
@Component(service = CryptoProvider.class, configurationPid = "jinku.crypto.soft",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = CryptoProvider.SERVICE_PROPERTY + "=soft")
@Designate(ocd = SoftCryptoProvider.Config.class)
public class SoftCryptoProvider implements CryptoProvider {

    @ObjectClassDefinition(name = "Jinku software SM2 crypto provider")
    public @interface Config {
        @AttributeDefinition(description = "Directory of the box CA and the enrolled keys")
        String keystore_dir() default "";

        @AttributeDefinition(description = "Subject of the box test CA")
        String ca_subject() default "CN=Jinku Joint-Test CA,O=Jinku,C=CN";

        @AttributeDefinition(description = "Validity of issued certificates in days")
        int certificate_validity_days() default 730;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SoftCryptoProvider.class);
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?");

    private final Provider bc = new BouncyCastleProvider();
    private final Map<String, Signer> signers = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, X509Certificate> chainChecked = new ConcurrentHashMap<>();
    private Path dir;
    private BoxCa ca;
    private List<X509Certificate> anchors;

    @Activate
    void activate(Config config) throws IOException, GeneralSecurityException {
        String d = config.keystore_dir();
        if (d == null || d.isBlank()) {
            d = Paths.get(System.getProperty("karaf.data", "data"), "jinku", "keys").toString();
        }
        open(Paths.get(d), config.ca_subject(), config.certificate_validity_days());
    }

    /** Opens the key directory outside OSGi (tests, benchmarks). */
    public static SoftCryptoProvider open(Path dir) throws IOException, GeneralSecurityException {
        SoftCryptoProvider p = new SoftCryptoProvider();
        p.open(dir, "CN=Jinku Joint-Test CA,O=Jinku,C=CN", 730);
        return p;
    }

    private void open(Path keyDir, String caSubject, int validityDays) throws IOException, GeneralSecurityException {
        this.dir = keyDir;
        this.ca = new BoxCa(bc, keyDir.resolve("ca"), caSubject, validityDays);
        List<X509Certificate> trusted = new ArrayList<>();
        trusted.add(ca.certificate());
        trusted.addAll(readTrustDir(keyDir.resolve("trust")));
        this.anchors = List.copyOf(trusted);
        LOG.info("crypto soft: {} trusted CA(s): {}", anchors.size(),
                anchors.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
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
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509", bc);
        try (var files = Files.list(trustDir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString().toLowerCase();
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

    @Override
    public synchronized Credential enroll(String alias, String organisation, String commonName, Credential.Kind kind,
                                          java.util.Set<org.jinku.api.Post> posts) {
        Optional<Credential> existing = credential(alias);
        if (existing.isPresent()) {
            CertificateSubject has = CertificateSubject.of(existing.get().certificate());
            if (has.organisation().equals(organisation) && has.kind() == kind
                    && has.posts().equals(kind == Credential.Kind.PERSON ? posts : java.util.Set.of())) {
                return existing.get();
            }
            // The certificate no longer says what the configuration does (other posts, other organisation):
            // a new key and certificate, as a CA would issue when a person changes post.
            LOG.info("crypto soft: re-enrolling {}: certificate says {} {} {}, wanted {} {} {}", alias,
                    has.organisation(), has.kind(), has.posts(), organisation, kind, posts);
            signers.remove(alias);
        }
        try {
            KeyPair kp = ca.generateKeyPair();
            String ou = kind == Credential.Kind.ORGANISATION ? "Organisation" : "Person";
            String title = kind == Credential.Kind.PERSON && !posts.isEmpty()
                    ? "T=" + escape(CertificateSubject.title(posts)) + "," : "";
            X509Certificate cert = ca.issue("CN=" + escape(commonName) + "," + title + "OU=" + ou + ",O="
                    + escape(organisation) + ",C=CN", kp.getPublic());
            Path key = keyFile(alias);
            Files.createDirectories(key.getParent());
            BoxCa.writeAtomically(key, kp.getPrivate());
            BoxCa.writeAtomically(certFile(alias), cert);
            return new Credential(alias, kind, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot enroll " + alias + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Credential> credential(String alias) {
        Path crt = certFile(alias);
        if (!Files.exists(crt) || !Files.exists(keyFile(alias))) {
            return Optional.empty();
        }
        try {
            X509Certificate cert = ca.readCert(crt);
            Credential.Kind kind = CertificateSubject.of(cert).kind() == Credential.Kind.ORGANISATION
                    ? Credential.Kind.ORGANISATION : Credential.Kind.PERSON;
            return Optional.of(new Credential(alias, kind, cert));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the certificate of " + alias, e);
        }
    }

    @Override
    public byte[] sign(String alias, byte[] content) {
        Signer s = signers.computeIfAbsent(alias, this::loadSigner);
        return s.sign(content);
    }

    private Signer loadSigner(String alias) {
        try {
            Credential c = credential(alias).orElseThrow(() ->
                    new JinkuException(RejectCode.NOT_AUTHORIZED, "no key enrolled for " + alias));
            return new Signer(bc, ca.readKey(keyFile(alias)), c.certificate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the key of " + alias, e);
        }
    }

    @Override
    public VerifiedSignature verify(byte[] content, byte[] cms) {
        try {
            return verifyCms(content, cms);
        } catch (JinkuException e) {
            throw e;
        } catch (RuntimeException e) {
            // Structurally odd CMS makes Bouncy Castle throw unchecked exceptions from its accessors.
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a well-formed CMS SignedData: " + e);
        }
    }

    private VerifiedSignature verifyCms(byte[] content, byte[] cms) {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(new CMSProcessableByteArray(content), GmtCms.toPkcs7(cms));
        } catch (CMSException | RuntimeException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a CMS SignedData: " + e.getMessage());
        }
        Collection<SignerInformation> infos = signed.getSignerInfos().getSigners();
        if (infos.size() != 1) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE,
                    "signature must hold exactly one signer, holds " + infos.size());
        }
        SignerInformation info = infos.iterator().next();
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certs = signed.getCertificates();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certs.getMatches(info.getSID());
        if (matches.isEmpty()) {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "the signer certificate is not included");
        }
        X509Certificate cert = trusted(matches.iterator().next());
        try {
            boolean ok = info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(bc).build(cert));
            if (!ok) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE,
                        "signature of " + cert.getSubjectX500Principal().getName() + " does not match the voucher");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature does not verify: " + e.getMessage());
        }
        return new VerifiedSignature(cert);
    }

    /** Chain and validity of a signer certificate; chain results are cached per certificate. */
    private X509Certificate trusted(X509CertificateHolder holder) {
        X509Certificate cert;
        ByteBuffer id;
        try {
            id = ByteBuffer.wrap(holder.getEncoded());
            cert = chainChecked.get(id);
            if (cert == null) {
                cert = new JcaX509CertificateConverter().setProvider(bc).getCertificate(holder);
                checkChain(cert);
                if (chainChecked.size() > 10_000) {
                    chainChecked.clear();
                }
                chainChecked.put(id, cert);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "signer certificate cannot be read: " + e.getMessage());
        }
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new JinkuException(RejectCode.CERTIFICATE_EXPIRED, "signer certificate "
                    + cert.getSubjectX500Principal().getName() + " is not valid now: " + e.getMessage());
        }
        return cert;
    }

    private void checkChain(X509Certificate cert) {
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(anchor.getPublicKey(), bc);
                    return;
                } catch (GeneralSecurityException e) {
                    throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "certificate "
                            + cert.getSubjectX500Principal().getName() + " claims issuer "
                            + cert.getIssuerX500Principal().getName() + " but its CA signature does not verify");
                }
            }
        }
        throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "certificate "
                + cert.getSubjectX500Principal().getName() + " (serial "
                + cert.getSerialNumber().toString(16).toUpperCase() + ") is issued by "
                + cert.getIssuerX500Principal().getName() + ", which is not a trusted CA");
    }

    @Override
    public X509Certificate readCertificate(byte[] pemOrDer) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", bc)
                    .generateCertificate(new java.io.ByteArrayInputStream(pemOrDer));
        } catch (GeneralSecurityException | RuntimeException e) {
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
        return new ArrayList<>(anchors);
    }

    private Path keyFile(String alias) {
        return aliasPath(alias, ".key");
    }

    private Path certFile(String alias) {
        return aliasPath(alias, ".crt");
    }

    private Path aliasPath(String alias, String suffix) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must be 'name' or 'node/name' of [A-Za-z0-9._-]: '" + alias + "'");
        }
        return dir.resolve(alias + suffix);
    }

    private static String escape(String cn) {
        return cn.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }

    /**
     * One key's CMS generator per thread: rebuilding the signer for every voucher costs 4× (CRYPTO.md).
     */
    private static final class Signer {
        private final ThreadLocal<CMSSignedDataGenerator> generator;

        Signer(Provider bc, PrivateKey key, X509Certificate cert) {
            generator = ThreadLocal.withInitial(() -> {
                try {
                    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
                    g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                            new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                            .setDirectSignature(true)
                            .build(new JcaContentSignerBuilder(BoxCa.SIG_ALG).setProvider(bc).build(key), cert));
                    g.addCertificates(new JcaCertStore(List.of(cert)));
                    return g;
                } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
                    throw new IllegalStateException("cannot build the SM2 signer", e);
                }
            });
        }

        byte[] sign(byte[] content) {
            try {
                return generator.get().generate(new CMSProcessableByteArray(content), false).getEncoded();
            } catch (CMSException | IOException e) {
                throw new IllegalStateException("SM2 signing failed", e);
            }
        }
    }
}
