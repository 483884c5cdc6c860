package org.jinku.api.spi;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.jinku.api.Credential;
import org.jinku.api.IssuedCertificate;

/**
 * The certificate authority a crypto provider has its keys certified by: the box CA in the joint-test box, a
 * party's CA (or a front to it) at a site. It issues, revokes (挂失 is a revocation with reason keyCompromise)
 * and publishes a signed CRL whose number grows with every revocation. Registered with {@code jinku.ca=<id>}.
 */
public interface CertificateAuthority {

    String SERVICE_PROPERTY = "jinku.ca";

    /** RFC 5280 reason names accepted by {@link #revoke}. */
    List<String> REASONS = List.of("unspecified", "keyCompromise", "affiliationChanged", "superseded",
            "cessationOfOperation", "certificateHold");

    X509Certificate certificate();

    /**
     * Certifies {@code publicKey} (SM2, EC P-256 or RSA) for {@code subjectDn}. Key usage follows the kind:
     * digitalSignature and nonRepudiation for persons; organisations also keyEncipherment (payload keys are
     * wrapped with their certificate).
     */
    X509Certificate issue(String subjectDn, PublicKey publicKey, Credential.Kind kind, Instant notBefore,
                          Instant notAfter);

    /** As {@link #issue(String, PublicKey, Credential.Kind, Instant, Instant)}, valid from now for the configured days. */
    X509Certificate issue(String subjectDn, PublicKey publicKey, Credential.Kind kind);

    /**
     * Revokes a certificate this CA issued and returns its register entry; revoking twice keeps the first.
     *
     * @throws org.jinku.api.JinkuException UNKNOWN_CERTIFICATE when this CA never issued {@code serial}
     */
    IssuedCertificate revoke(BigInteger serial, String reason, String actor);

    /** The current CRL (DER), signed by this CA; its CRL number grows with each revocation. */
    byte[] crl();

    /** Every certificate this CA issued, oldest first. */
    List<IssuedCertificate> issued();
}
