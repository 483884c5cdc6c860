package org.jinku.api.security;

import java.time.Instant;
import java.util.List;

/**
 * The append-only, hash-chained audit trail: logins (success and failure), every operator action and every
 * configuration change. Nothing in Jinku updates or deletes an entry; {@link #verify()} finds one that was.
 */
public interface AuditLog {

    AuditEntry append(String actor, String channel, String action, String target, String outcome, String detail);

    /**
     * Newest first. Null arguments do not filter; {@code text} matches actor, action, target or detail.
     */
    List<AuditEntry> list(String actor, String text, Instant from, Instant to, int offset, int limit);

    long size();

    /** Walks the whole chain: a changed, deleted or reordered entry (or a cut tail) is a problem. */
    AuditCheck verify();
}
