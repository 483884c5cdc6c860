package org.jinku.scenario;

import java.time.Instant;

/**
 * Something that happened between parties (or at one), for the swim-lane timeline.
 *
 * @param from       the party that sent (or where it happened)
 * @param to         the party that received; equal to {@code from} for something at one party
 * @param kind       VOUCHER, RECEIPT (回单), ACK (接收/签收/签收失败/退回…), REFUSAL (a rejection recorded),
 *                   or EVENT (anything else at one party)
 * @param label      short text for the arrow, e.g. "5201 凭证" or "签收"
 * @param voucherKey the voucher it concerns, or null
 */
public record TimelineEvent(Instant at, String scenario, String from, String to, String kind, String label,
                            String voucherKey, String detail) {
}
