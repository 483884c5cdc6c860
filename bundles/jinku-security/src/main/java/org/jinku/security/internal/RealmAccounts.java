package org.jinku.security.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Roles;

/**
 * The accounts of Karaf's properties realm (账户管理): created, granted and revoked with separated duties
 * ({@link RolePolicy}), passwords stored hashed as Karaf's realm expects ({@link JaasSettings}), the lockout state
 * from the security database. Karaf's implied roles are written and removed with the Jinku roles that bring them.
 * Every change is audited under the acting account.
 */
@Component(service = Accounts.class, configurationPid = "org.apache.karaf.jaas",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class RealmAccounts implements Accounts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MIN_PASSWORD = 8;
    /** Account changes are recorded as the security core did them; the call itself is recorded by its channel. */
    private static final String CHANNEL = "system";

    private final UsersFile users;
    private final LoginState state;
    private final AuditLog audit;
    private volatile JaasSettings settings;

    @Activate
    public RealmAccounts(@Reference UsersFile users, @Reference LoginGate gate, @Reference AuditLog audit,
                         Map<String, Object> config) {
        this(users, gate.state(), audit, JaasSettings.of(config));
    }

    RealmAccounts(UsersFile users, LoginState state, AuditLog audit, JaasSettings settings) {
        this.users = users;
        this.state = state;
        this.audit = audit;
        this.settings = settings;
    }

    @Modified
    void modified(Map<String, Object> config) {
        settings = JaasSettings.of(config);
    }

    @Override
    public List<Account> list() {
        Map<String, LoginState.State> states = state.all();
        List<Account> out = new ArrayList<>();
        for (String name : new TreeSet<>(users.names())) {
            Set<String> roles = users.roles(name);
            if (roles != null) {
                out.add(account(name, roles, states.getOrDefault(name, LoginState.State.CLEAR)));
            }
        }
        return out;
    }

    @Override
    public Optional<Account> find(String name) {
        Set<String> roles = name == null ? null : users.roles(name);
        return roles == null ? Optional.empty() : Optional.of(account(name, roles, state.get(name)));
    }

    @Override
    public synchronized Account create(String name, char[] password, Set<String> roles, String actor) {
        try {
            if (name == null || !NAME.matcher(name).matches()) {
                throw refuse(actor, "ACCOUNT_CREATE", name, RejectCode.INVALID_FIELD, "an account name is 1 to 64"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (users.exists(name)) {
                throw refuse(actor, "ACCOUNT_CREATE", name, RejectCode.DUPLICATE_VOUCHER,
                        "account " + name + " exists already");
            }
            checkPassword(actor, "ACCOUNT_CREATE", name, password);
            Set<String> wanted = new LinkedHashSet<>(roles == null ? Set.of() : roles);
            for (String r : wanted) {
                String why = RolePolicy.invalid(r);
                if (why != null) {
                    throw refuse(actor, "ACCOUNT_CREATE", name, RejectCode.INVALID_FIELD, why);
                }
            }
            Optional<String> conflict = RolePolicy.conflict(RolePolicy.withImplied(wanted));
            if (conflict.isPresent()) {
                throw refuse(actor, "ACCOUNT_CREATE", name, RejectCode.ROLE_CONFLICT, conflict.get());
            }
            Set<String> stored = RolePolicy.withImplied(wanted);
            users.add(name, settings.stored(password), stored);
            state.clear(name);
            audit.append(actor, CHANNEL, "ACCOUNT_CREATED", name, "OK", "roles " + wanted);
            return find(name).orElseThrow();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public synchronized Account grant(String name, String role, String actor) {
        Set<String> held = require(actor, "ROLE_GRANT", name);
        String why = RolePolicy.invalid(role);
        if (why != null) {
            throw refuse(actor, "ROLE_GRANT", name, RejectCode.INVALID_FIELD, why);
        }
        Set<String> after = new LinkedHashSet<>(held);
        after.add(role);
        Optional<String> conflict = RolePolicy.conflict(RolePolicy.withImplied(after));
        if (conflict.isPresent()) {
            throw refuse(actor, "ROLE_GRANT", name + " " + role, RejectCode.ROLE_CONFLICT, conflict.get());
        }
        for (String r : RolePolicy.withImplied(Set.of(role))) {
            if (!held.contains(r)) {
                users.addRole(name, r);
            }
        }
        audit.append(actor, CHANNEL, "ROLE_GRANTED", name + " " + role, "OK", null);
        return find(name).orElseThrow();
    }

    @Override
    public synchronized Account revoke(String name, String role, String actor) {
        Set<String> held = require(actor, "ROLE_REVOKE", name);
        if (!held.contains(role)) {
            throw refuse(actor, "ROLE_REVOKE", name + " " + role, RejectCode.WRONG_STATE,
                    name + " does not hold " + role);
        }
        if (Roles.SECADMIN.equals(role)) {
            lastSecurityAdmin(actor, "ROLE_REVOKE", name);
        }
        Set<String> rest = new LinkedHashSet<>(held);
        rest.remove(role);
        users.removeRole(name, role);
        // implied roles go with the role that brought them, unless another role still brings them
        for (String implied : RolePolicy.implied(role)) {
            if (rest.contains(implied) && !RolePolicy.impliedBy(implied, jinkuRoles(rest))) {
                users.removeRole(name, implied);
            }
        }
        audit.append(actor, CHANNEL, "ROLE_REVOKED", name + " " + role, "OK", null);
        return find(name).orElseThrow();
    }

    @Override
    public synchronized void changePassword(String name, char[] password, String actor) {
        try {
            require(actor, "PASSWORD_CHANGE", name);
            checkPassword(actor, "PASSWORD_CHANGE", name, password);
            users.setPassword(name, settings.stored(password));
            audit.append(actor, CHANNEL, "PASSWORD_CHANGED", name, "OK", null);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public synchronized Account unlock(String name, String actor) {
        require(actor, "ACCOUNT_UNLOCK", name);
        LoginState.State before = state.get(name);
        state.clear(name);
        audit.append(actor, CHANNEL, "ACCOUNT_UNLOCKED", name, "OK",
                before.locked() ? "locked since " + before.lockedAt() + " after " + before.failures() + " failures"
                        : before.failures() + " failures cleared; it was not locked");
        return find(name).orElseThrow();
    }

    @Override
    public synchronized void delete(String name, String actor) {
        Set<String> held = require(actor, "ACCOUNT_DELETE", name);
        if (held.contains(Roles.SECADMIN)) {
            lastSecurityAdmin(actor, "ACCOUNT_DELETE", name);
        }
        users.delete(name);
        state.clear(name);
        audit.append(actor, CHANNEL, "ACCOUNT_DELETED", name, "OK", "roles " + held);
    }

    @Override
    public Optional<String> conflict(Set<String> roles) {
        return RolePolicy.conflict(RolePolicy.withImplied(roles));
    }

    /** The account's roles as stored (implied ones included); refused when there is no such account. */
    private Set<String> require(String actor, String action, String name) {
        Set<String> roles = name == null ? null : users.roles(name);
        if (roles == null) {
            throw refuse(actor, action, name, RejectCode.UNKNOWN_VOUCHER, "no account " + name);
        }
        return roles;
    }

    /** Nobody would be left to manage accounts: refused. */
    private void lastSecurityAdmin(String actor, String action, String name) {
        for (String other : users.names()) {
            Set<String> roles = users.roles(other);
            if (!other.equals(name) && roles != null && roles.contains(Roles.SECADMIN)) {
                return;
            }
        }
        throw refuse(actor, action, name, RejectCode.WRONG_STATE, name + " is the last security administrator;"
                + " nobody would be left to manage accounts");
    }

    private void checkPassword(String actor, String action, String name, char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw refuse(actor, action, name, RejectCode.INVALID_FIELD,
                    "a password has at least " + MIN_PASSWORD + " characters");
        }
        if (new String(password).contains(",")) {
            // users.properties separates the password from the roles with commas (when stored unhashed)
            throw refuse(actor, action, name, RejectCode.INVALID_FIELD, "a password may not contain ','");
        }
    }

    private JinkuException refuse(String actor, String action, String target, RejectCode code, String reason) {
        audit.append(actor, CHANNEL, action, target, "FAILED " + code, reason);
        return new JinkuException(code, reason);
    }

    private static Account account(String name, Set<String> stored, LoginState.State s) {
        Set<String> jinku = jinkuRoles(stored);
        Set<String> shown = new TreeSet<>();
        for (String r : stored) {
            if (!RolePolicy.impliedBy(r, jinku)) {
                shown.add(r);
            }
        }
        Instant lockedAt = s.lockedAt();
        return new Account(name, shown, s.failures(), s.locked(), lockedAt);
    }

    /** The roles in {@code roles} that are not Karaf's own (they may imply Karaf's). */
    private static Set<String> jinkuRoles(Set<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : roles) {
            if (!RolePolicy.KARAF_ROLES.contains(r) && !RolePolicy.OPERATOR.equals(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
