package org.jinku.api;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A certificate as its CA's register records it.
 *
 * @param revokedAt        null while not revoked
 * @param revocationReason RFC 5280 reason name (e.g. {@code keyCompromise} for a key reported lost, 挂失); null when not revoked
 */
public record IssuedCertificate(BigInteger serial, String subject, Credential.Kind kind, Instant notBefore,
                                Instant notAfter, Instant revokedAt, String revocationReason, String revokedBy) {

    public String serialHex() {
        return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
