package org.jinku.api;

import java.time.Instant;

/**
 * One entry of a voucher's event history. Events are append-only and hash-chained: {@code hash} is
 * SM3(previous hash ‖ this event), so a removed or altered entry breaks the chain.
 */
public record EventView(int seq, Instant at, int voucherFlag, String kind, String actor, String detail, String hash) {
}
