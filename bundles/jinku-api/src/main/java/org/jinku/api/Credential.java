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

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }
}
