package org.jinku.web.internal.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.jinku.api.security.AuditEntry;
import org.jinku.web.internal.ApiServer;
import org.jinku.web.internal.ApiServer.Answer;
import org.jinku.web.internal.security.Sessions;

/**
 * Logins, roles, sessions and CSRF over real HTTP: 401 without credentials, 403 without the role, both audited;
 * every write audited with its outcome; the console's session with its cookie, CSRF token and timeouts.
 */
class AccessTest {

    private static final String KEY = "/nodes/finance/vouchers/210000/2026/5201/EX-1";

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-11-24T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private Fixture f;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(new Sessions(clock).timeouts(Duration.ofMinutes(15), Duration.ofHours(8)));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void withoutCredentialsEveryRouteIs401AndAudited() throws Exception {
        Answer a = f.call(null, "GET", "/nodes", null);
        assertEquals(401, a.status());
        assertEquals("NOT_AUTHENTICATED", a.error());
        assertEquals("Basic realm=\"jinku\"", a.header("WWW-Authenticate"));
        AuditEntry e = f.security.last("HTTP GET /nodes");
        assertEquals("DENIED 401", e.outcome());
        assertEquals("anonymous", e.actor());
        assertEquals("rest", e.channel());

        Answer console = f.call(null, "POST", KEY + "/signatures", "{}", "X-Requested-With", "jinku-console");
        assertEquals(401, console.status());
        assertNull(console.header("WWW-Authenticate"), "the console asks for no browser login box");
        assertEquals("console", f.security.last("signatures").channel());

        Answer wrong = f.call(null, "GET", "/nodes", null, "Authorization", ApiServer.basic("lr01", "nope"));
        assertEquals(401, wrong.status());
        assertEquals("NOT_AUTHENTICATED", wrong.error());
        assertEquals("lr01", f.security.last("HTTP GET /nodes").actor());
        assertEquals(401, f.call(null, "GET", "/nodes", null, "Authorization", "Bearer abc").status());
        assertEquals(401, f.call(null, "GET", "/nodes", null, "Authorization", "Basic !!!").status());
    }

    @Test
    void aLockedAccountIs401AccountLocked() throws Exception {
        f.security.lock("lr01");
        Answer a = f.call("lr01", "GET", "/nodes", null);
        assertEquals(401, a.status());
        assertEquals("ACCOUNT_LOCKED", a.error());
    }

    @Test
    void withoutTheRoleARouteIs403NamingTheRolesAndAudited() throws Exception {
        Answer other = f.call("yh01", "POST", KEY + "/signatures", "{\"pin\": \"110111\"}");
        assertEquals(403, other.status());
        assertEquals("NOT_AUTHORIZED", other.error());
        assertTrue(other.json().path("message").asText().contains("needs one of [post@finance]"), other.json().toString());
        AuditEntry e = f.security.last("signatures");
        assertEquals("DENIED 403", e.outcome());
        assertEquals("yh01", e.actor());
        assertEquals("finance/210000/2026/5201/EX-1", e.target());
        assertTrue(f.calls.isEmpty(), "refused before the node: " + f.calls);

        // the auditor reads everything and changes nothing
        assertEquals(200, f.call("sj01", "GET", KEY, null).status());
        assertEquals(403, f.call("sj01", "POST", KEY + "/signatures", "{}").status());
        assertEquals(403, f.call("sj01", "POST", "/accounts/lr01/unlock", null).status());
        // an entry clerk submits, a reviewer does not; neither runs the security administrator's routes
        assertEquals(403, f.call("sh01", "POST", "/nodes/finance/vouchers", "{}").status());
        assertEquals(403, f.call("lr01", "POST", "/nodes/finance/seals/ES-1/revoke", "{}").status());
        assertEquals(403, f.call("lr01", "GET", "/nodes/bank105/vouchers", null).status());
        assertEquals(403, f.call("aq01", "POST", "/nodes/finance/parked/ID:p-1/retry", "{}").status());
        assertEquals(403, f.call("lr01", "GET", "/audit", null).status());
    }

    @Test
    void everyWriteIsAuditedWithItsOutcome() throws Exception {
        assertEquals(200, f.call("sh01", "POST", KEY + "/accept", "{}").status());
        AuditEntry ok = f.security.last("accept");
        assertEquals("sh01", ok.actor());
        assertEquals("OK 200", ok.outcome());
        assertEquals("HTTP POST /nodes/finance/vouchers/210000/2026/5201/EX-1/accept", ok.action());

        assertEquals(403, f.call("lr01", "POST", KEY + "/signatures", "{\"pin\": \"000000\"}").status());
        AuditEntry failed = f.security.last("signatures");
        assertEquals("FAILED 403 WRONG_PIN", failed.outcome());
        assertFalse(failed.detail().contains("000000"));

        int before = f.security.entries.size();
        f.call("sh01", "GET", KEY, null);
        assertEquals(before + 1, f.security.entries.size(), "a read with Basic audits its login only");
    }

    @Test
    void theActorIsTheCaller() throws Exception {
        assertEquals(200, f.call("sh01", "POST", KEY + "/void", "{\"actor\": \"sh01\", \"reason\": \"typo\"}").status());
        assertEquals(200, f.call("sh01", "POST", KEY + "/accept", "").status());
        assertEquals(List.of("voidVoucher 210000/2026/5201/EX-1 sh01", "accept 210000/2026/5201/EX-1 sh01"), f.calls);
        Answer other = f.call("sh01", "POST", KEY + "/accept", "{\"actor\": \"lr01\"}");
        assertEquals(403, other.status());
        assertEquals("actor", other.field());
    }

    @Test
    void theConsoleSessionCarriesACsrfTokenAndEndsWhenIdleOrLoggedOut() throws Exception {
        Answer login = f.call(null, "POST", "/session", "{\"name\": \"sh01\", \"password\": \"jinku2026\"}",
                "X-Requested-With", "jinku-console");
        assertEquals(200, login.status(), login.json().toString());
        assertEquals("sh01", login.json().path("name").asText());
        assertEquals("review@finance", login.json().path("roles").get(0).asText());
        assertEquals(900, login.json().path("idleSeconds").asInt());
        String csrf = login.json().path("csrfToken").asText();
        assertTrue(csrf.length() >= 43, csrf);
        String setCookie = login.header("Set-Cookie");
        assertTrue(setCookie.matches("JINKU_SESSION=[A-Za-z0-9_-]{43}; Path=/jinku; HttpOnly; SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        Answer me = f.call(null, "GET", "/session", null, "Cookie", cookie);
        assertEquals(200, me.status());
        assertEquals(csrf, me.json().path("csrfToken").asText());
        assertNull(me.header("Set-Cookie"));
        assertEquals(200, f.call(null, "GET", KEY, null, "Cookie", cookie).status());

        Answer noToken = f.call(null, "POST", KEY + "/accept", "{}", "Cookie", cookie);
        assertEquals(403, noToken.status());
        assertEquals("CSRF", noToken.error());
        assertEquals(403, f.call(null, "POST", KEY + "/accept", "{}", "Cookie", cookie, "X-CSRF-Token", "x" + csrf).status());
        Answer ok = f.call(null, "POST", KEY + "/accept", "{}", "Cookie", cookie, "X-CSRF-Token", csrf);
        assertEquals(200, ok.status(), ok.json().toString());
        assertEquals("console", f.security.last("accept").channel());
        Answer crossSite = f.call(null, "POST", KEY + "/accept", "{}", "Cookie", cookie, "X-CSRF-Token", csrf,
                "Origin", "https://evil.example");
        assertEquals(403, crossSite.status());
        assertEquals("CSRF", crossSite.error());

        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertEquals(200, f.call(null, "GET", "/session", null, "Cookie", cookie).status());
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        Answer idle = f.call(null, "GET", "/session", null, "Cookie", cookie, "X-Requested-With", "jinku-console");
        assertEquals(401, idle.status());
        assertEquals("NOT_AUTHENTICATED", idle.error());
        assertNull(idle.header("WWW-Authenticate"));

        String again = f.call(null, "POST", "/session", "{\"name\": \"sh01\", \"password\": \"jinku2026\"}").header("Set-Cookie");
        String cookie2 = again.substring(0, again.indexOf(';'));
        Answer out = f.call(null, "DELETE", "/session", null, "Cookie", cookie2, "X-CSRF-Token",
                f.call(null, "GET", "/session", null, "Cookie", cookie2).json().path("csrfToken").asText());
        assertEquals(200, out.status(), out.json().toString());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        assertEquals(401, f.call(null, "GET", "/session", null, "Cookie", cookie2).status());
    }

    @Test
    void aSessionEndsEightHoursAfterLoginAndWhenItsAccountIsLocked() throws Exception {
        String c = cookie("lr01");
        for (int i = 0; i < 34; i++) { // 7 h 56 min, never idle 15 min
            clock.now = clock.now.plus(Duration.ofMinutes(14));
            assertEquals(200, f.call(null, "GET", "/session", null, "Cookie", c).status(), "after " + (i + 1) * 14 + " min");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(14)); // 8 h 10 min
        assertEquals(401, f.call(null, "GET", "/session", null, "Cookie", c).status());

        String d = cookie("lr01");
        f.security.lock("lr01");
        Answer locked = f.call(null, "GET", "/nodes", null, "Cookie", d);
        assertEquals(401, locked.status());
        assertEquals("ACCOUNT_LOCKED", locked.error());
    }

    @Test
    void aWrongPasswordAtLoginIs401AndTheOpenRoutesNeedNoCredentials() throws Exception {
        Answer wrong = f.call(null, "POST", "/session", "{\"name\": \"sh01\", \"password\": \"x\"}");
        assertEquals(401, wrong.status());
        assertEquals("NOT_AUTHENTICATED", wrong.error());
        assertNull(wrong.header("Set-Cookie"));
        assertEquals("password", f.call(null, "POST", "/session", "{\"name\": \"sh01\"}").field());
        Answer doc = f.call(null, "GET", "/openapi.json", null);
        assertEquals(200, doc.status());
        assertEquals("3.0.3", doc.json().path("openapi").asText());
    }

    @Test
    void aRouteWithoutAnAccessRuleIsRefusedToEverybody() throws Exception {
        try (ApiServer s = new ApiServer(List.of(new Unguarded()), new org.jinku.web.internal.security.AccessFilter(
                f.security, f.security, f.security, f.sessions))) {
            Answer a = s.call("jinku", "GET", "/unguarded", null);
            assertEquals(403, a.status());
            assertEquals("NOT_AUTHORIZED", a.error());
            assertNotNull(a.json().path("message").asText());
        }
    }

    /** A resource whose author forgot @RolesAllowed. */
    @javax.ws.rs.Path("unguarded")
    public static class Unguarded {
        @javax.ws.rs.GET
        public String get() {
            return "\"open\"";
        }
    }

    private String cookie(String user) throws Exception {
        String h = f.call(null, "POST", "/session", "{\"name\": \"" + user + "\", \"password\": \"jinku2026\"}")
                .header("Set-Cookie");
        return h.substring(0, h.indexOf(';'));
    }

}
