package org.jinku.api;

import java.security.cert.X509Certificate;

/** The outcome of a successful verification: who signed, with which certificate. */
public record VerifiedSignature(X509Certificate signer) {
    public String serialHex() {
        return signer.getSerialNumber().toString(16).toUpperCase();
    }

    /** The subject as RFC 2253 text, the title (posts) written T= as CertificateSubject reads it. */
    public String subject() {
        return signer.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("2.5.4.12", "T"));
    }
}
