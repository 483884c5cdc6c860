package org.jinku.api;

import java.security.cert.X509Certificate;

/** The outcome of a successful verification: who signed, with which certificate. */
public record VerifiedSignature(X509Certificate signer) {
    public String serialHex() {
        return signer.getSerialNumber().toString(16).toUpperCase();
    }

    public String subject() {
        return signer.getSubjectX500Principal().getName();
    }
}
