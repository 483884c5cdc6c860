package org.jinku.api;

import java.time.Instant;

/**
 * A certificate a node signs with (its organisation's, which also makes its seals, and its operators'), with what an
 * operator must act on: expiry ahead (warned {@code expiryWarningDays} ahead, 60 by default) and revocation.
 *
 * @param holder     the operator's user ID, or {@code org} for the organisation
 * @param daysLeft   whole days until notAfter (negative once expired)
 * @param warning    null when nothing is due; otherwise what is due, e.g. "expires in 42 days: renew it"
 */
public record CertificateView(String holder, String alias, String serialHex, String subject, Instant notAfter,
                              long daysLeft, boolean revoked, String warning) {
}
