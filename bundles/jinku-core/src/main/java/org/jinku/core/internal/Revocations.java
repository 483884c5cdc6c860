package org.jinku.core.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CryptoProvider;

/**
 * The CRLs this node holds, one per issuing CA: received from peers over the transport, or taken from its own CA
 * when an operator reports a key lost (挂失). A node judges revocation by what it holds, not by asking a CA
 * online, so a revocation reaches a peer with the next CRL exchange. A CRL replaces the held one only when its
 * CRL number is higher; it is kept in {@code <node dir>/crl/} so a restart keeps refusing revoked keys.
 */
final class Revocations {

    private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);

    /** A held CRL and where it came from. */
    record Held(X509CRL crl, BigInteger number, String from, Instant receivedAt) {
    }

    private final String node;
    private final Path dir;
    private final CryptoProvider crypto;
    private final Map<String, Held> byIssuer = new ConcurrentHashMap<>();

    Revocations(String node, Path dir, CryptoProvider crypto) {
        this.node = node;
        this.dir = dir;
        this.crypto = crypto;
        load();
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".crl")).toList()) {
                try {
                    X509CRL crl = crypto.readCrl(Files.readAllBytes(f));
                    Path meta = f.resolveSibling(f.getFileName() + ".from");
                    String[] from = Files.exists(meta) ? Files.readString(meta).split("\n", 2) : new String[] {"?", ""};
                    Instant at = from.length > 1 && !from[1].isBlank() ? Instant.parse(from[1].trim())
                            : Files.getLastModifiedTime(f).toInstant();
                    byIssuer.put(issuer(crl), new Held(crl, number(crl), from[0].trim(), at));
                } catch (IOException | JinkuException | java.time.format.DateTimeParseException e) {
                    LOG.warn("node {}: ignoring held CRL {}: {}", node, f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + ": cannot read CRLs in " + dir, e);
        }
    }

    /**
     * Takes a CRL (DER) from {@code from}: kept when signed by a trusted CA and newer than the one held.
     *
     * @return what is held for its issuer now: this CRL, or the newer (or same) one held before
     * @throws JinkuException UNKNOWN_CERTIFICATE when it is not a CRL of a CA trusted here
     */
    synchronized Held accept(byte[] der, String from) {
        X509CRL crl = crypto.readCrl(der);
        String issuer = issuer(crl);
        BigInteger number = number(crl);
        Held held = byIssuer.get(issuer);
        if (held != null && held.number().compareTo(number) >= 0) {
            return held;
        }
        Instant at = Instant.now();
        try {
            Files.createDirectories(dir);
            String file = HexFormat.of().formatHex(crypto.digest(issuer.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            write(dir.resolve(file + ".crl"), der);
            write(dir.resolve(file + ".crl.from"), (from + "\n" + at).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + ": cannot keep the CRL of " + issuer + ": " + e.getMessage(), e);
        }
        Held now = new Held(crl, number, from, at);
        byIssuer.put(issuer, now);
        int revoked = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
        LOG.info("node {}: CRL number {} of {} from {} ({} revoked)", node, number, issuer, from, revoked);
        return now;
    }

    /**
     * Refuses a certificate on a held CRL of its issuer.
     *
     * @throws JinkuException CERTIFICATE_REVOKED naming when, why and by which CRL
     */
    void check(X509Certificate cert, String what) {
        Held held = byIssuer.get(cert.getIssuerX500Principal().getName());
        if (held == null) {
            return;
        }
        X509CRLEntry entry = held.crl().getRevokedCertificate(cert.getSerialNumber());
        if (entry != null) {
            String reason = entry.getRevocationReason() == null ? "unspecified" : rfcName(entry.getRevocationReason());
            throw new JinkuException(RejectCode.CERTIFICATE_REVOKED, what + ": certificate "
                    + cert.getSubjectX500Principal().getName() + " (SN " + cert.getSerialNumber().toString(16).toUpperCase()
                    + ") was revoked on " + entry.getRevocationDate().toInstant() + " (" + reason + "), per CRL number "
                    + held.number() + " of " + held.crl().getIssuerX500Principal().getName() + " received from "
                    + held.from() + " at " + held.receivedAt());
        }
    }

    /** KEY_COMPROMISE → keyCompromise, as RFC 5280 and the CA commands name reasons. */
    private static String rfcName(java.security.cert.CRLReason reason) {
        StringBuilder out = new StringBuilder();
        for (String part : reason.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    boolean isRevoked(X509Certificate cert) {
        Held held = byIssuer.get(cert.getIssuerX500Principal().getName());
        return held != null && held.crl().getRevokedCertificate(cert.getSerialNumber()) != null;
    }

    Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        for (Held h : byIssuer.values()) {
            int revoked = h.crl().getRevokedCertificates() == null ? 0 : h.crl().getRevokedCertificates().size();
            out.put(h.crl().getIssuerX500Principal().getName(), "number " + h.number() + ", " + revoked
                    + " revoked, received from " + h.from() + " at " + h.receivedAt() + ", next update "
                    + (h.crl().getNextUpdate() == null ? "none" : h.crl().getNextUpdate().toInstant()));
        }
        return out;
    }

    private static String issuer(X509CRL crl) {
        return crl.getIssuerX500Principal().getName();
    }

    /**
     * The CRL number extension (RFC 5280 5.2.3, OID 2.5.29.20); a CRL without one counts as 0. The extension
     * value is an OCTET STRING around an INTEGER, both short-form DER for any number a CA will reach.
     */
    static BigInteger number(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        if (ext == null || ext.length < 5 || ext[0] != 0x04 || ext[2] != 0x02) {
            return BigInteger.ZERO;
        }
        int len = ext[3];
        if (len <= 0 || 4 + len > ext.length) {
            return BigInteger.ZERO;
        }
        return new BigInteger(java.util.Arrays.copyOfRange(ext, 4, 4 + len));
    }

    private static void write(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

}
