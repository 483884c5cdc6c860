package org.jinku.api;

import java.time.Instant;

/** An input this node refused, kept with its reason (nothing stored was changed by it). */
public record RejectionView(long id, Instant at, String source, String voucherKey, RejectCode code, String reason,
                            String payloadDigest) {
}
