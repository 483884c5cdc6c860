package org.jinku.api.security;

import java.time.Instant;

/**
 * One entry of the audit trail (审计记录). {@code hash} is SM3 over the previous entry's hash and this entry's
 * fields, so a changed, deleted or reordered entry breaks the chain.
 *
 * @param action  e.g. {@code LOGIN}, {@code LOGIN_FAILED}, {@code ACCOUNT_LOCKED}, {@code ROLE_GRANTED},
 *                {@code CONFIG_UPDATED}, {@code HTTP POST /nodes/finance/vouchers}, {@code SHELL jinku:sign}
 * @param outcome {@code OK}, {@code DENIED} (401/403), or {@code FAILED: CODE}
 */
public record AuditEntry(long seq, Instant at, String actor, String channel, String action, String target,
                         String outcome, String detail, String hash) {
}
