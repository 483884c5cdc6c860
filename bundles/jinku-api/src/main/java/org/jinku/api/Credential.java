package org.jinku.api;

import java.security.cert.X509Certificate;

/**
 * A signing identity held by a crypto provider: an organisation's (单位) or a person's (个人) key and
 * certificate. The private key never leaves the provider; callers refer to it by alias.
 */
public record Credential(String alias, Kind kind, X509Certificate certificate) {
    public enum Kind { ORGANISATION, PERSON }

    public String serialHex() {
        return certificate.getSerialNumber().toString(16).toUpperCase();
    }

    /** The subject as RFC 2253 text, the title (posts) written T= as CertificateSubject reads it. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("2.5.4.12", "T"));
    }
}
