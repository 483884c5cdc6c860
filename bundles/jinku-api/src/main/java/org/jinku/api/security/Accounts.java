package org.jinku.api.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jinku.api.JinkuException;

/**
 * The accounts and their roles (the security administrator's work). Every change is audited under
 * {@code actor}. A role that may not be combined with one the account holds is refused with
 * {@link org.jinku.api.RejectCode#ROLE_CONFLICT} and the reason:
 * security admin with system admin; auditor with any role that writes; entry with review on one node.
 */
public interface Accounts {

    List<Account> list();

    Optional<Account> find(String name);

    /** A new account; its password is stored hashed. @throws JinkuException ROLE_CONFLICT, DUPLICATE_VOUCHER if it exists, INVALID_FIELD */
    Account create(String name, char[] password, Set<String> roles, String actor);

    /** @throws JinkuException ROLE_CONFLICT with the reason, UNKNOWN_VOUCHER for an unknown account */
    Account grant(String name, String role, String actor);

    Account revoke(String name, String role, String actor);

    void changePassword(String name, char[] password, String actor);

    /** Clears the failed-login count and the lock. */
    Account unlock(String name, String actor);

    void delete(String name, String actor);

    /** Why {@code roles} may not be held together, or empty when they may. */
    Optional<String> conflict(Set<String> roles);
}
