package org.jinku.api.security;

import org.jinku.api.JinkuException;

/**
 * Checks a name and password against the JAAS realm (the same one the ssh shell logs in through), counts
 * failures, locks the account at the limit and audits every attempt.
 */
public interface Authenticator {

    /**
     * @param channel where the login came from ({@code rest}, {@code console}, {@code soap}, {@code ssh})
     * @param remote  the client's address, for the audit trail
     * @throws JinkuException NOT_AUTHENTICATED (unknown name or wrong password: the same message for both),
     *                        ACCOUNT_LOCKED
     */
    Operator login(String name, char[] password, String channel, String remote);
}
