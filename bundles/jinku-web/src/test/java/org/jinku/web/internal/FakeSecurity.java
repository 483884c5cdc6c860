package org.jinku.web.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;
import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditEntry;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Authenticator;
import org.jinku.api.security.Operator;

/**
 * The security services as the contract describes them, in memory: the box's accounts (password jinku2026, jinku's
 * jinku), lockout at 5 failures, an audit list without hashes.
 */
public final class FakeSecurity implements Authenticator, Accounts, AuditLog {

    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<String, String> passwords = new TreeMap<>();
    public final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    public FakeSecurity() {
        add("jinku", "jinku", "sysadmin", "tester");
        add("aq01", "jinku2026", "secadmin");
        add("aq02", "jinku2026", "secadmin");
        add("sj01", "jinku2026", "auditor");
        add("lr01", "jinku2026", "entry@finance");
        add("sh01", "jinku2026", "review@finance");
        add("yh01", "jinku2026", "entry@bank105", "entry@bank102");
        add("dw01", "jinku2026", "entry@unit");
    }

    private void add(String name, String password, String... roles) {
        accounts.put(name, new Account(name, Set.of(roles), 0, false, null));
        passwords.put(name, password);
    }

    @Override
    public synchronized Operator login(String name, char[] password, String channel, String remote) {
        Account a = accounts.get(name);
        if (a != null && a.locked()) {
            append(name, channel, "LOGIN_FAILED", name, "DENIED", "locked");
            throw new JinkuException(RejectCode.ACCOUNT_LOCKED, "account " + name + " is locked");
        }
        if (a == null || !passwords.get(name).equals(new String(password))) {
            if (a != null) {
                int failed = a.failedLogins() + 1;
                accounts.put(name, new Account(name, a.roles(), failed, failed >= 5, failed >= 5 ? Instant.now() : null));
            }
            append(name, channel, "LOGIN_FAILED", name, "DENIED", remote);
            throw new JinkuException(RejectCode.NOT_AUTHENTICATED, "wrong name or password");
        }
        accounts.put(name, new Account(name, a.roles(), 0, false, null));
        append(name, channel, "LOGIN", name, "OK", remote);
        return new Operator(name, a.roles());
    }

    @Override
    public synchronized List<Account> list() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public synchronized Optional<Account> find(String name) {
        return Optional.ofNullable(accounts.get(name));
    }

    @Override
    public synchronized Account create(String name, char[] password, Set<String> roles, String actor) {
        if (accounts.containsKey(name)) {
            throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "account " + name + " exists");
        }
        conflict(roles).ifPresent(r -> {
            throw new JinkuException(RejectCode.ROLE_CONFLICT, r);
        });
        add(name, new String(password), roles.toArray(String[]::new));
        return accounts.get(name);
    }

    @Override
    public synchronized Account grant(String name, String role, String actor) {
        Account a = require(name);
        Set<String> roles = new HashSet<>(a.roles());
        roles.add(role);
        conflict(roles).ifPresent(r -> {
            throw new JinkuException(RejectCode.ROLE_CONFLICT, r);
        });
        accounts.put(name, new Account(name, roles, a.failedLogins(), a.locked(), a.lockedAt()));
        return accounts.get(name);
    }

    @Override
    public synchronized Account revoke(String name, String role, String actor) {
        Account a = require(name);
        Set<String> roles = new HashSet<>(a.roles());
        roles.remove(role);
        accounts.put(name, new Account(name, roles, a.failedLogins(), a.locked(), a.lockedAt()));
        return accounts.get(name);
    }

    @Override
    public void changePassword(String name, char[] password, String actor) {
        passwords.put(require(name).name(), new String(password));
    }

    @Override
    public synchronized Account unlock(String name, String actor) {
        Account a = require(name);
        accounts.put(name, new Account(name, a.roles(), 0, false, null));
        return accounts.get(name);
    }

    /** Locks as five wrong passwords would. */
    public synchronized void lock(String name) {
        Account a = require(name);
        accounts.put(name, new Account(name, a.roles(), 5, true, Instant.now()));
    }

    @Override
    public synchronized void delete(String name, String actor) {
        accounts.remove(require(name).name());
    }

    @Override
    public Optional<String> conflict(Set<String> roles) {
        if (roles.contains("secadmin") && roles.contains("sysadmin")) {
            return Optional.of("secadmin and sysadmin may not be held together");
        }
        for (String r : roles) {
            if (r.startsWith("entry@") && roles.contains("review@" + r.substring(6))) {
                return Optional.of("entry and review on " + r.substring(6) + " may not be held together");
            }
        }
        return Optional.empty();
    }

    private Account require(String name) {
        Account a = accounts.get(name);
        if (a == null) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no account " + name);
        }
        return a;
    }

    @Override
    public AuditEntry append(String actor, String channel, String action, String target, String outcome, String detail) {
        AuditEntry e = new AuditEntry(entries.size() + 1, Instant.now(), actor, channel, action, target, outcome, detail, "h");
        entries.add(e);
        return e;
    }

    @Override
    public List<AuditEntry> list(String actor, String text, Instant from, Instant to, int offset, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            AuditEntry e = entries.get(i);
            if ((actor == null || actor.equals(e.actor())) && (text == null || e.action().contains(text))) {
                out.add(e);
            }
        }
        return out.subList(Math.min(offset, out.size()), Math.min(out.size(), offset + limit));
    }

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public AuditCheck verify() {
        return new AuditCheck(true, entries.size(), List.of());
    }

    /** The last entry whose action contains {@code text}. */
    public AuditEntry last(String text) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).action().contains(text)) {
                return entries.get(i);
            }
        }
        return null;
    }
}
