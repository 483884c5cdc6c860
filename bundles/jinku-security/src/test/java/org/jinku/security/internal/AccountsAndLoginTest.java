package org.jinku.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.apache.felix.framework.Felix;
import org.apache.karaf.jaas.modules.EncryptionService;
import org.apache.karaf.jaas.modules.encryption.BasicEncryptionService;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Account;
import org.jinku.api.security.AuditEntry;
import org.jinku.api.security.Operator;

/**
 * Accounts and logins on Karaf's real JAAS classes: its PropertiesBackingEngine writes users.properties, its
 * PropertiesLoginModule (inside ours) checks the hashed passwords with its EncryptionSupport, which finds Karaf's
 * BasicEncryptionService in an embedded Felix framework, as it does in Karaf. Derby is real too.
 */
class AccountsAndLoginTest {

    private static Felix felix;

    private Path dir;
    private SecurityDatabase db;
    private JdbcAuditLog audit;
    private UsersFile users;
    private LoginGate gate;
    private RealmAccounts accounts;
    private JaasAuthenticator auth;
    private final JaasSettings settings = JaasSettings.of(Map.of("encryption.enabled", "true",
            "encryption.algorithm", "SHA-512"));

    @BeforeAll
    static void osgi() throws Exception {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("org.osgi.framework.storage", Paths.get("target", "felix-" + System.nanoTime()).toString());
        felix = new Felix(cfg);
        felix.start();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "basic");
        felix.getBundleContext().registerService(EncryptionService.class, new BasicEncryptionService(), props);
    }

    @AfterAll
    static void stopOsgi() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Paths.get("target", "accounts-test", Long.toString(System.nanoTime()));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("users.properties"), "# the box's accounts\n");
        db = new SecurityDatabase(new org.apache.derby.jdbc.EmbeddedDriver(), dir);
        audit = new JdbcAuditLog(db, new AuditHead(dir.resolve("audit.head")));
        users = new UsersFile(new PropertiesBackingEngineFactory(), dir.resolve("users.properties"));
        open(5);
        accounts.create("aq01", "secret-aq01".toCharArray(), Set.of("secadmin"), "setup");
    }

    /** Everything but the files and the database, as after a restart. */
    private void open(int maxFailures) {
        gate = new LoginGate(audit, users, new LoginState(db), maxFailures);
        accounts = new RealmAccounts(users, gate.state(), audit, settings);
        Map<String, Object> options = JinkuRealm.entryOptions(settings, gate);
        options.put(BundleContext.class.getName(), felix.getBundleContext());
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return JinkuRealm.NAME.equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        JinkuLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        options)} : null;
            }
        };
        auth = new JaasAuthenticator(jaas);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Operator login(String name, String password) {
        return auth.login(name, password.toCharArray(), "rest", "10.0.0.7");
    }

    private String line(String name) throws Exception {
        for (String l : Files.readAllLines(dir.resolve("users.properties"))) {
            if (l.startsWith(name + " ")) {
                return l;
            }
        }
        return null;
    }

    @Test
    void createdAccountIsHashedAsKarafDoesAndLogsIn() throws Exception {
        accounts.create("lr01", "jinku2026".toCharArray(), Set.of("entry@finance"), "aq01");
        String stored = line("lr01");
        assertTrue(stored.matches("lr01 = \\{CRYPT\\}[0-9A-F]{128}\\{CRYPT\\},entry@finance,operator,ssh"), stored);
        Operator op = login("lr01", "jinku2026");
        assertEquals("lr01", op.name());
        assertEquals(Set.of("entry@finance", "operator", "ssh"), op.roles());
        assertEquals(Set.of("entry@finance"), accounts.find("lr01").orElseThrow().roles());
        AuditEntry last = audit.list("lr01", null, null, null, 0, 1).get(0);
        assertEquals("LOGIN", last.action());
        assertEquals("rest", last.channel());
        assertTrue(last.detail().contains("10.0.0.7"), last.detail());
        assertEquals("ACCOUNT_CREATED", audit.list("aq01", null, null, null, 0, 10).stream()
                .filter(e -> "lr01".equals(e.target())).findFirst().orElseThrow().action());
    }

    @Test
    void fiveWrongPasswordsLockUntilUnlockedAndTheLockSurvivesARestart() throws Exception {
        accounts.create("lr01", "jinku2026".toCharArray(), Set.of("entry@finance"), "aq01");
        for (int i = 1; i <= 4; i++) {
            JinkuException e = assertThrows(JinkuException.class, () -> login("lr01", "wrong"));
            assertEquals(RejectCode.NOT_AUTHENTICATED, e.code());
        }
        assertEquals(4, accounts.find("lr01").orElseThrow().failedLogins());
        JinkuException fifth = assertThrows(JinkuException.class, () -> login("lr01", "wrong"));
        assertEquals(RejectCode.ACCOUNT_LOCKED, fifth.code());
        open(5);  // a restart: the lock is in the database
        JinkuException right = assertThrows(JinkuException.class, () -> login("lr01", "jinku2026"));
        assertEquals(RejectCode.ACCOUNT_LOCKED, right.code());
        Account locked = accounts.find("lr01").orElseThrow();
        assertTrue(locked.locked());
        assertEquals(5, locked.failedLogins());
        List<String> actions = audit.list("lr01", null, null, null, 0, 3).stream().map(AuditEntry::action).toList();
        assertEquals(List.of("LOGIN_REFUSED", "ACCOUNT_LOCKED", "LOGIN_FAILED"), actions);

        Account unlocked = accounts.unlock("lr01", "aq01");
        assertFalse(unlocked.locked());
        assertEquals(0, unlocked.failedLogins());
        assertEquals("lr01", login("lr01", "jinku2026").name());
        assertTrue(audit.verify().intact());
    }

    @Test
    void successClearsTheCountAndTheLimitIsConfigurable() {
        accounts.create("lr01", "jinku2026".toCharArray(), Set.of("entry@finance"), "aq01");
        open(2);
        assertThrows(JinkuException.class, () -> login("lr01", "wrong"));
        login("lr01", "jinku2026");
        assertEquals(0, accounts.find("lr01").orElseThrow().failedLogins());
        assertThrows(JinkuException.class, () -> login("lr01", "wrong"));
        assertEquals(RejectCode.ACCOUNT_LOCKED, assertThrows(JinkuException.class, () -> login("lr01", "wrong")).code());
    }

    @Test
    void unknownNameFailsLikeAWrongPasswordAndIsNotCounted() {
        JinkuException e = assertThrows(JinkuException.class, () -> login("nobody", "whatever"));
        assertEquals(RejectCode.NOT_AUTHENTICATED, e.code());
        assertEquals("wrong name or password", e.getMessage());
        assertTrue(gate.state().all().isEmpty());
        assertEquals("no such account", audit.list("nobody", null, null, null, 0, 1).get(0).detail().replace("from 10.0.0.7; ", ""));
    }

    @Test
    void conflictingRolesAreRefusedWithTheReason() {
        assertEquals(RejectCode.ROLE_CONFLICT, assertThrows(JinkuException.class, () -> accounts.create("x1",
                "password1".toCharArray(), Set.of("secadmin", "sysadmin"), "aq01")).code());
        accounts.create("sj01", "jinku2026".toCharArray(), Set.of("auditor"), "aq01");
        JinkuException auditor = assertThrows(JinkuException.class, () -> accounts.grant("sj01", "entry@finance", "aq01"));
        assertEquals(RejectCode.ROLE_CONFLICT, auditor.code());
        assertTrue(auditor.getMessage().contains("auditor"), auditor.getMessage());
        accounts.create("yh01", "jinku2026".toCharArray(), Set.of("entry@bank105"), "aq01");
        JinkuException same = assertThrows(JinkuException.class, () -> accounts.grant("yh01", "review@bank105", "aq01"));
        assertEquals("entry and review on one node may not be held by one person (entry@bank105 and review@bank105)",
                same.getMessage());
        accounts.grant("yh01", "review@bank102", "aq01");
        assertEquals(Set.of("entry@bank105", "review@bank102"), accounts.find("yh01").orElseThrow().roles());
        assertEquals("FAILED ROLE_CONFLICT", audit.list("aq01", "review@bank105", null, null, 0, 1).get(0).outcome());
        assertEquals(RejectCode.INVALID_FIELD, assertThrows(JinkuException.class,
                () -> accounts.grant("yh01", "boss", "aq01")).code());
        assertTrue(accounts.conflict(Set.of("auditor", "tester")).isPresent());
        assertTrue(accounts.conflict(Set.of("auditor")).isEmpty());
    }

    @Test
    void impliedKarafRolesComeAndGoWithTheJinkuRoles() throws Exception {
        accounts.create("yh01", "jinku2026".toCharArray(), Set.of("entry@bank105", "entry@bank102"), "aq01");
        accounts.revoke("yh01", "entry@bank105", "aq01");
        assertTrue(line("yh01").endsWith(",entry@bank102,operator,ssh"), line("yh01"));
        accounts.revoke("yh01", "entry@bank102", "aq01");
        assertTrue(line("yh01").matches("yh01 = \\{CRYPT\\}[0-9A-F]+\\{CRYPT\\}"), line("yh01"));
        accounts.grant("yh01", "sysadmin", "aq01");
        assertTrue(line("yh01").endsWith(",sysadmin,admin,manager,viewer,systembundles,ssh"), line("yh01"));
        assertEquals(Set.of("sysadmin"), accounts.find("yh01").orElseThrow().roles());
    }

    @Test
    void passwordChangeAndTheLastSecurityAdministrator() {
        accounts.changePassword("aq01", "another-secret".toCharArray(), "aq01");
        assertThrows(JinkuException.class, () -> login("aq01", "secret-aq01"));
        assertEquals("aq01", login("aq01", "another-secret").name());
        assertEquals(RejectCode.INVALID_FIELD, assertThrows(JinkuException.class,
                () -> accounts.changePassword("aq01", "short".toCharArray(), "aq01")).code());
        assertEquals(RejectCode.WRONG_STATE, assertThrows(JinkuException.class,
                () -> accounts.revoke("aq01", "secadmin", "aq01")).code());
        accounts.create("aq02", "jinku2026".toCharArray(), Set.of("secadmin"), "aq01");
        accounts.delete("aq01", "aq02");
        assertTrue(accounts.find("aq01").isEmpty());
        assertEquals(RejectCode.DUPLICATE_VOUCHER, assertThrows(JinkuException.class,
                () -> accounts.create("aq02", "jinku2026".toCharArray(), Set.of(), "aq02")).code());
        assertEquals(RejectCode.UNKNOWN_VOUCHER, assertThrows(JinkuException.class,
                () -> accounts.unlock("ghost", "aq02")).code());
    }
}
