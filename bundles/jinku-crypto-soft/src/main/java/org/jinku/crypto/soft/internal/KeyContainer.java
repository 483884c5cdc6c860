package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * One key container (密钥容器), the software stand-in for an operator's USB key: {@code <alias>.p12}, a PKCS#12
 * file whose key bags are encrypted under the container's PIN (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC; MAC
 * HMAC-SHA256), next to {@code <alias>.crt}, the current certificate in PEM (public, so a credential is known
 * without the PIN), and {@code <alias>.tries}, the wrong-PIN counter and lock, which survive a restart.
 *
 * <p>The first right PIN opens the file and keeps the key in memory, as a signing server holds its keys
 * loaded; later operations compare the PIN with a salted SM3 verifier held beside the key, which takes
 * microseconds instead of the file's ~100 ms key derivation. The container also keeps the keys of earlier
 * certificates (after renew or re-enroll) so envelopes made for them still open.
 */
final class KeyContainer {

    /** How many keys of earlier certificates a container keeps besides the current one. */
    private static final int PREVIOUS_KEYS_KEPT = 3;

    record Settings(int maxTries, long cacheNanos, int iterations) {
    }

    /** A new key and its certificate, made by the provider for a reset of a container not held in memory. */
    interface Rekey {
        Entry rekey() throws GeneralSecurityException;
    }

    record Entry(PrivateKey key, X509Certificate certificate) {
    }

    /** The container once a right PIN opened it. */
    static final class Opened {
        final PrivateKey key;
        final X509Certificate certificate;
        /** Current key first, then the keys of earlier certificates. */
        final List<Entry> entries;
        private final byte[] salt;
        private final byte[] verifier;
        /** One initialised Signature per SM2 user ID and thread: initSign per message costs ~4× (CRYPTO.md). */
        final Map<String, ThreadLocal<Signature>> signers = new ConcurrentHashMap<>();
        /** CMS output prefixes per identifier set: everything but the signature value is constant per key. */
        final Map<Object, Cms.Template> templates = new ConcurrentHashMap<>();
        final Sm2.KeyType type;

        Opened(List<Entry> entries, char[] pin, SecureRandom random) {
            this.entries = List.copyOf(entries);
            this.key = entries.get(0).key();
            this.certificate = entries.get(0).certificate();
            this.type = Sm2.keyType(certificate.getPublicKey());
            this.salt = new byte[16];
            random.nextBytes(salt);
            this.verifier = hash(salt, pin);
        }

        boolean matches(char[] pin) {
            return MessageDigest.isEqual(verifier, hash(salt, pin));
        }

        private static byte[] hash(byte[] salt, char[] pin) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
            SM3Digest d = new SM3Digest();
            d.update(salt, 0, salt.length);
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            d.update(b, 0, b.length);
            Arrays.fill(b, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            byte[] out = new byte[32];
            d.doFinal(out, 0);
            return out;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyContainer.class);

    final String alias;
    private final Path p12;
    private final Path crt;
    private final Path state;
    private final Path legacyKey;
    private final Provider bc;
    private final Settings settings;
    private final SecureRandom random;

    private volatile X509Certificate certificate;
    private volatile Opened opened;
    private volatile boolean locked;
    private volatile int failures;
    private volatile long lastRightPin;
    private volatile boolean stateRead;

    KeyContainer(String alias, Path dir, Provider bc, Settings settings, SecureRandom random) {
        this.alias = alias;
        this.p12 = dir.resolve(alias + ".p12");
        this.crt = dir.resolve(alias + ".crt");
        this.state = dir.resolve(alias + ".tries");
        this.legacyKey = dir.resolve(alias + ".key");
        this.bc = bc;
        this.settings = settings;
        this.random = random;
    }

    boolean exists() {
        return Files.exists(crt) && (Files.exists(p12) || Files.exists(legacyKey));
    }

    /** The current certificate, read from {@code <alias>.crt}; null when the container does not exist. */
    X509Certificate certificate() {
        X509Certificate c = certificate;
        if (c == null && exists()) {
            try {
                c = Files2.readPemCertificate(bc, crt);
                certificate = c;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the certificate of key container " + alias + ": "
                        + e.getMessage(), e);
            }
        }
        return c;
    }

    boolean held() {
        return opened != null;
    }

    /**
     * Checks {@code pin} and returns the opened container. A null PIN is accepted only within the cache time
     * after the last right PIN; wrong PINs count towards the lock.
     *
     * @throws JinkuException WRONG_PIN, KEY_LOCKED, NOT_AUTHORIZED (no such container)
     */
    Opened open(char[] pin) {
        if (!stateRead) {
            readState();
        }
        if (locked) {
            throw lockedException();
        }
        Opened o = opened;
        if (o == null && !exists()) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no key container " + alias);
        }
        if (pin == null) {
            if (settings.cacheNanos() > 0 && o != null && System.nanoTime() - lastRightPin < settings.cacheNanos()) {
                return o;
            }
            throw new JinkuException(RejectCode.WRONG_PIN, "PIN required for key container " + alias
                    + (settings.cacheNanos() > 0 ? " (no right PIN within the last "
                    + settings.cacheNanos() / 1_000_000_000L + " s)" : ""));
        }
        if (o == null) {
            synchronized (this) {
                if (locked) {
                    throw lockedException();
                }
                if (opened == null) {
                    opened = load(pin);
                    rightPin();
                    return opened;
                }
                o = opened;
            }
        }
        if (!o.matches(pin)) {
            throw wrongPin();
        }
        rightPin();
        return o;
    }

    /** A new container with a key generated inside the provider. Replaces an old-layout one, if any. */
    synchronized void create(Entry entry, char[] pin) {
        requirePin(pin, "create");
        write(List.of(entry), pin);
        Files2Silently.delete(legacyKey);
        failures = 0;
        locked = false;
        stateRead = true;
        writeState();
        opened = new Opened(List.of(entry), pin, random);
        rightPin();
    }

    /**
     * A new current key and certificate (renewal, or re-enrolment after a change of post), keeping earlier keys
     * for envelopes still addressed to them. The caller has checked {@code pin} with {@link #open}.
     */
    synchronized void replace(Entry entry, char[] pin) {
        requirePin(pin, "replace the key of");
        Opened o = open(pin);
        List<Entry> entries = new ArrayList<>();
        entries.add(entry);
        for (Entry e : o.entries) {
            if (entries.size() <= PREVIOUS_KEYS_KEPT) {
                entries.add(e);
            }
        }
        write(entries, pin);
        opened = new Opened(entries, pin, random);
    }

    synchronized void changePin(char[] oldPin, char[] newPin) {
        requirePin(oldPin, "change the PIN of");
        requirePin(newPin, "change the PIN of");
        Opened o = open(oldPin);
        write(o.entries, newPin);
        opened = new Opened(o.entries, newPin, random);
        LOG.info("crypto soft: PIN of key container {} changed", alias);
    }

    /**
     * The security administrator's reset: unlocks and sets {@code newPin}. A key held in memory (opened since
     * start) is kept; otherwise it cannot be read without its PIN, so the container gets a new key and
     * certificate for the same holder.
     */
    synchronized void reset(char[] newPin, Rekey rekey) {
        requirePin(newPin, "reset");
        readState();
        List<Entry> entries;
        if (opened != null) {
            entries = opened.entries;
        } else if (!Files.exists(p12) && Files.exists(legacyKey)) {
            entries = List.of(readLegacy());
        } else {
            try {
                entries = List.of(rekey.rekey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot make a new key for " + alias + ": " + e.getMessage(), e);
            }
            LOG.warn("crypto soft: key container {} reset without its key in memory: new key and certificate {}",
                    alias, entries.get(0).certificate().getSerialNumber().toString(16).toUpperCase());
        }
        write(entries, newPin);
        Files2Silently.delete(legacyKey);
        opened = new Opened(entries, newPin, random);
        failures = 0;
        locked = false;
        writeState();
        LOG.info("crypto soft: key container {} reset by the security administrator", alias);
    }

    // --- PIN bookkeeping -------------------------------------------------------------------------------------

    private void rightPin() {
        if (failures != 0) {
            synchronized (this) {
                failures = 0;
                writeState();
            }
        }
        if (settings.cacheNanos() > 0) {
            lastRightPin = System.nanoTime();
        }
    }

    private synchronized JinkuException wrongPin() {
        if (locked) {
            return lockedException();
        }
        failures++;
        if (failures >= settings.maxTries()) {
            locked = true;
            writeState();
            LOG.warn("crypto soft: key container {} locked after {} wrong PINs", alias, failures);
            return lockedException();
        }
        writeState();
        return new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for key container " + alias + " ("
                + (settings.maxTries() - failures) + " of " + settings.maxTries() + " tries left)");
    }

    private JinkuException lockedException() {
        return new JinkuException(RejectCode.KEY_LOCKED, "key container " + alias + " is locked after "
                + settings.maxTries() + " wrong PINs in a row; the security administrator must reset its PIN");
    }

    private static void requirePin(char[] pin, String what) {
        if (pin == null || pin.length == 0) {
            throw new JinkuException(RejectCode.WRONG_PIN, "a PIN is required to " + what + " a key container");
        }
    }

    private synchronized void readState() {
        if (stateRead) {
            return;
        }
        stateRead = true;
        if (Files.exists(state)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(state)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + state + ": " + e.getMessage(), e);
            }
            failures = Integer.parseInt(p.getProperty("failures", "0").trim());
            locked = Boolean.parseBoolean(p.getProperty("locked", "false").trim());
        }
    }

    private void writeState() {
        String text = "# wrong PINs in a row for key container " + alias + "\nfailures=" + failures + "\nlocked="
                + locked + "\n";
        try {
            Files2.writeAtomically(state, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + state + ": " + e.getMessage(), e);
        }
    }

    // --- files ------------------------------------------------------------------------------------------------

    /** Opens the PKCS#12 file with {@code pin}, or moves an old-layout PEM key into a new one protected by it. */
    private Opened load(char[] pin) {
        if (!Files.exists(crt)) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no key container " + alias);
        }
        if (!Files.exists(p12)) {
            if (!Files.exists(legacyKey)) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no key container " + alias);
            }
            Entry legacy = readLegacy();
            write(List.of(legacy), pin);
            Files2Silently.delete(legacyKey);
            LOG.info("crypto soft: key of {} moved from {} into the PIN-protected container {}", alias,
                    legacyKey.getFileName(), p12.getFileName());
            return new Opened(List.of(legacy), pin, random);
        }
        try {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(Files.readAllBytes(p12));
            if (!pfx.hasMac() || !pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(bc), pin)) {
                throw wrongPin();
            }
            Map<String, PrivateKey> keys = new LinkedHashMap<>();
            Map<String, X509Certificate> certs = new LinkedHashMap<>();
            var decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(bc).build(pin);
            for (ContentInfo ci : pfx.getContentInfos()) {
                PKCS12SafeBagFactory f = PKCSObjectIdentifiers.encryptedData.equals(ci.getContentType())
                        ? new PKCS12SafeBagFactory(ci, decryptor) : new PKCS12SafeBagFactory(ci);
                for (PKCS12SafeBag bag : f.getSafeBags()) {
                    String id = localKeyId(bag);
                    if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                        PrivateKeyInfo info = enc.decryptPrivateKeyInfo(decryptor);
                        keys.put(id, new JcaPEMKeyConverter().setProvider(bc).getPrivateKey(info));
                    } else if (bag.getBagValue() instanceof X509CertificateHolder h) {
                        certs.put(id, new JcaX509CertificateConverter().setProvider(bc).getCertificate(h));
                    }
                }
            }
            X509Certificate current = certificate();
            List<Entry> entries = new ArrayList<>();
            for (var k : keys.entrySet()) {
                X509Certificate c = certs.get(k.getKey());
                if (c != null && c.equals(current)) {
                    entries.add(0, new Entry(k.getValue(), c));
                } else if (c != null) {
                    entries.add(new Entry(k.getValue(), c));
                }
            }
            if (entries.isEmpty() || !entries.get(0).certificate().equals(current)) {
                throw new IllegalStateException("key container " + alias + " holds no key for its certificate "
                        + current.getSerialNumber().toString(16).toUpperCase());
            }
            return new Opened(entries, pin, random);
        } catch (IOException | PKCSException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read key container " + p12 + ": " + e.getMessage(), e);
        }
    }

    private Entry readLegacy() {
        try {
            return new Entry(Files2.readPemKey(bc, legacyKey), Files2.readPemCertificate(bc, crt));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the old-layout key " + legacyKey + ": " + e.getMessage(), e);
        }
    }

    private static String localKeyId(PKCS12SafeBag bag) {
        if (bag.getAttributes() != null) {
            for (Attribute a : bag.getAttributes()) {
                if (PKCS12SafeBag.localKeyIdAttribute.equals(a.getAttrType())) {
                    return org.bouncycastle.util.encoders.Hex.toHexString(
                            ASN1OctetString.getInstance(a.getAttrValues().getObjectAt(0)).getOctets());
                }
            }
        }
        return "";
    }

    /** Writes the PKCS#12 file (current entry first) and the current certificate. */
    private void write(List<Entry> entries, char[] pin) {
        try {
            PKCS12PfxPduBuilder b = new PKCS12PfxPduBuilder();
            AlgorithmIdentifier prf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
            for (Entry e : entries) {
                DEROctetString id = new DEROctetString(e.certificate().getSerialNumber().toByteArray());
                PKCS12SafeBagBuilder cert = new JcaPKCS12SafeBagBuilder(e.certificate());
                cert.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(alias));
                cert.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, id);
                b.addData(cert.build());
                PKCS12SafeBagBuilder key = new JcaPKCS12SafeBagBuilder(e.key(),
                        new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC).setProvider(bc)
                                .setRandom(random).setPRF(prf).setIterationCount(settings.iterations()).build(pin));
                key.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(alias));
                key.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, id);
                b.addData(key.build());
            }
            byte[] pfx = b.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256).setProvider(bc)
                    .setIterationCount(settings.iterations()), pin).getEncoded("DER");
            Files2.writeAtomically(p12, pfx);
            Files2.writePem(crt, entries.get(0).certificate());
            certificate = entries.get(0).certificate();
        } catch (IOException | PKCSException | OperatorCreationException e) {
            throw new IllegalStateException("cannot write key container " + p12 + ": " + e.getMessage(), e);
        }
    }

    /** Deletes quietly: a leftover old-layout key is logged, not fatal. */
    private static final class Files2Silently {
        static void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("crypto soft: cannot delete {}: {}", file, e.getMessage());
            }
        }
    }
}
