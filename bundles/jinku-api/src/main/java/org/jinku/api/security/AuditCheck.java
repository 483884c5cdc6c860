package org.jinku.api.security;

import java.util.List;

/** The result of walking the audit trail's hash chain: each problem names the entry and what is wrong. */
public record AuditCheck(boolean intact, long entries, List<String> problems) {

    public AuditCheck {
        problems = List.copyOf(problems);
    }
}
