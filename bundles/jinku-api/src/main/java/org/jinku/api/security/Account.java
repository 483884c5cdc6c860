package org.jinku.api.security;

import java.time.Instant;
import java.util.Set;

/**
 * An account of the JAAS realm (账户). {@code failedLogins} counts the failures since the last success;
 * at the configured limit the account is locked until the security administrator unlocks it.
 */
public record Account(String name, Set<String> roles, int failedLogins, boolean locked, Instant lockedAt) {

    public Account {
        roles = Set.copyOf(roles);
    }
}
