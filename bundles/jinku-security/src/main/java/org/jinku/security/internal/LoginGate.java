package org.jinku.security.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import javax.security.auth.login.AccountLockedException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import org.jinku.api.security.AuditLog;

/**
 * What every login passes, whatever the channel (ssh, REST, console, SOAP): a locked account is refused before
 * its password is looked at; a wrong password counts, and the account locks at {@code login.max.failures}; a
 * success clears the count. Every attempt goes to the audit trail under the name that was tried.
 */
@Component(service = LoginGate.class, configurationPid = "jinku.security")
@Designate(ocd = SecurityConfig.class)
public class LoginGate {

    private final AuditLog audit;
    private final UsersFile users;
    private final LoginState state;
    private volatile int maxFailures;

    @Activate
    public LoginGate(@Reference AuditLog audit, @Reference UsersFile users, @Reference SecurityDatabase db,
                     SecurityConfig config) {
        this(audit, users, new LoginState(db), config.login_max_failures());
    }

    LoginGate(AuditLog audit, UsersFile users, LoginState state, int maxFailures) {
        this.audit = audit;
        this.users = users;
        this.state = state;
        this.maxFailures = maxFailures;
    }

    @Modified
    void modified(SecurityConfig config) {
        maxFailures = config.login_max_failures();
    }

    int maxFailures() {
        return maxFailures;
    }

    /** The realm file the accounts are in. */
    Path usersFile() {
        return users.file();
    }

    LoginState state() {
        return state;
    }

    /** Refuses a locked account (and records the attempt). */
    void checkNotLocked(String name, String channel, String remote) throws AccountLockedException {
        LoginState.State s = state.get(name);
        if (s.locked()) {
            audit.append(name, channel, "LOGIN_REFUSED", name, "DENIED ACCOUNT_LOCKED",
                    from(remote) + "account locked since " + s.lockedAt());
            throw new AccountLockedException("account " + name + " is locked after " + s.failures()
                    + " failed logins; the security administrator unlocks it");
        }
    }

    /**
     * A wrong password (or unknown name). Counted for existing accounts only, so that names nobody has cannot fill
     * the table. True when this failure locked the account.
     */
    synchronized boolean failed(String name, String channel, String remote) {
        if (name == null || name.isBlank() || !users.exists(name)) {
            audit.append(name, channel, "LOGIN_FAILED", name, "DENIED", from(remote) + "no such account");
            return false;
        }
        int limit = maxFailures;
        LoginState.State before = state.get(name);
        LoginState.State after = state.fail(name, limit, Instant.now());
        audit.append(name, channel, "LOGIN_FAILED", name, "DENIED", from(remote) + "wrong password, failure "
                + after.failures() + (limit > 0 ? " of " + limit : ""));
        if (after.locked() && !before.locked()) {
            audit.append(name, channel, "ACCOUNT_LOCKED", name, "LOCKED", after.failures() + " failed logins in a row");
            return true;
        }
        return false;
    }

    void succeeded(String name, Set<String> roles, String channel, String remote) {
        if (state.get(name).failures() > 0) {
            state.clear(name);
        }
        audit.append(name, channel, "LOGIN", name, "OK", from(remote) + "roles " + roles);
    }

    private static String from(String remote) {
        return remote == null || remote.isBlank() ? "" : "from " + remote + "; ";
    }
}
