package org.jinku.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console (控制台) in a real headless Chromium against the real appliance: the five scenarios of "Must be
 * shown", in order, each building on the one before (the 50 vouchers the reviewer signs are the ones that reach
 * status 12 and that the auditor then finds). Screenshots of the main pages go to target/screenshots/NN-name.png.
 */
@ExtendWith(Appliance.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleScenariosIT {

    private static final String FINANCE = "finance";
    private static final String BANK = "bank105";
    private static final String PIN_LR01 = "110111";
    private static final String PIN_SH01 = "110112";
    private static final int BATCH = 50;

    private Browser browser;
    /** Scenario 1's voucher: signed by lr01, waiting for review. */
    private String clerkKey;
    /** Scenario 2's vouchers, batch-signed by sh01 and sent. */
    private final List<String> batch = new ArrayList<>();
    /** Whether scenario 2 got through, for the scenarios that build on it. */
    private boolean batchSigned;

    @BeforeAll
    void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void anEntryClerkLogsInSubmitsAndSigns() {
        browser.open(Rest.CONSOLE);
        browser.visible("#login-name", 30);
        browser.screenshot("01-login");

        login("lr01");
        browser.visible("#dashboard .node-card[data-node=finance]");
        loaded("#dashboard");
        browser.screenshot("02-dashboard");

        String no = Vouchers.nextNumber("BT");
        clerkKey = Vouchers.key(no);
        browser.click("#nav-new");
        browser.visible("#new-voucher");
        new Select(browser.visible("#new-node")).selectByValue(FINANCE);
        // The page fills in an example of the type; replace it only once it is there, or it would overwrite ours.
        Appliance.await("the example voucher in #new-json", Duration.ofSeconds(20),
                () -> !String.valueOf(browser.js("return document.querySelector('#new-json').value;")).isBlank());
        browser.paste("#new-json", Vouchers.direct5201(no));
        browser.type("#new-pin", PIN_LR01);
        browser.click("#new-submit-sign");
        browser.textContains("#new-result", clerkKey, 30);
        browser.screenshot("03-new-voucher-signed");

        JsonNode view = Rest.get("lr01", "/nodes/finance/vouchers/" + clerkKey).json();
        assertEquals(List.of("lr01"), signers(view), view.toString());
        assertEquals("SIGNING", view.get("state").asText(), view.toString());
    }

    @Test
    @Order(2)
    void aReviewerBatchSignsFiftyWithTheProgressShown() {
        Rest.Session clerk = Rest.session("lr01");
        for (int i = 0; i < BATCH; i++) {
            String no = Vouchers.nextNumber("BB");
            Rest.Response submitted = clerk.post("/nodes/finance/vouchers", Vouchers.direct5201(no));
            assertEquals(201, submitted.status(), submitted.toString());
            String key = Vouchers.key(no);
            Rest.Response signed = clerk.post("/nodes/finance/vouchers/" + key + "/signatures",
                    "{\"pin\": \"" + PIN_LR01 + "\"}");
            assertEquals(200, signed.status(), signed.toString());
            batch.add(key);
        }

        logout();
        login("sh01");
        browser.click("#nav-work");
        new Select(browser.visible("#work-node")).selectByValue(FINANCE);
        for (String key : batch) {
            browser.visible(row(key) + " input.pick", 30);
        }
        for (String key : batch) {
            WebElement pick = browser.driver().findElement(By.cssSelector(row(key) + " input.pick"));
            if (!pick.isSelected()) {
                browser.click(pick);
            }
        }
        browser.screenshot("04-work-list");
        browser.type("#work-pin", PIN_SH01);
        browser.click("#work-sign");

        // Watch the bar while the job runs: it must move through values between 0 and 50 and end at 50/50.
        Set<Integer> seen = new TreeSet<>();
        boolean midShot = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!browser.shown("#work-done")) {
            assertTrue(System.nanoTime() < deadline, "batch signing did not finish in 180 s; progress seen " + seen);
            Object value = browser.js("const p = document.querySelector('#work-progress');"
                    + " return p ? Math.round(p.value) : null;");
            if (value instanceof Number n) {
                seen.add(n.intValue());
                if (!midShot && n.intValue() > 0 && n.intValue() < BATCH) {
                    browser.screenshot("05-batch-progress");
                    midShot = true;
                }
            }
            sleep(25);
        }
        String text = browser.visible("#work-progress-text").getText().replaceAll("\\s+", "");
        WebElement bar = browser.visible("#work-progress");
        browser.screenshot("06-batch-done");
        assertTrue(text.contains(BATCH + "/" + BATCH), "progress text: " + text);
        assertEquals(Integer.toString(BATCH), bar.getDomAttribute("max") == null ? bar.getDomProperty("max")
                : bar.getDomAttribute("max"));
        assertEquals(BATCH, (int) Double.parseDouble(bar.getDomProperty("value")));
        assertTrue(seen.stream().anyMatch(v -> v > 0 && v < BATCH),
                "the bar never showed an intermediate value: " + seen);
        System.out.println("batch progress values seen: " + seen);
        batchSigned = true;
    }

    @Test
    @Order(3)
    void theVouchersReachStatus12AndTheTimelineShowsEveryStep() {
        assertTrue(batchSigned, "scenario 2 did not batch-sign the vouchers");
        Rest.Session reviewer = Rest.session("sh01");
        Appliance.await("all " + BATCH + " vouchers at status 12", Duration.ofSeconds(180),
                () -> batch.stream().allMatch(k -> status(reviewer, k) == 12));

        String key = batch.get(0);
        browser.open(Rest.CONSOLE + "#/voucher/" + FINANCE + "/" + key);
        browser.textContains("#voucher-status-code", "12", 30);
        browser.visible("#voucher-paper");
        browser.textContains("#history-check", "链完整", 30);
        browser.visible("#voucher-timeline .tl-row");

        // Every event both parties recorded for it (voucher and 回单) is a row of the timeline. The last
        // acknowledgements may land just after status 12: redraw the page until it has caught up.
        Rest.Session auditor = Rest.session("sj01");
        Set<String> recorded = new LinkedHashSet<>();
        for (String node : List.of(FINANCE, BANK)) {
            for (JsonNode e : auditor.get("/nodes/" + node + "/vouchers/" + key + "/events").json()) {
                recorded.add(node + " " + e.get("kind").asText());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!timeline().containsAll(recorded) && System.nanoTime() < deadline) {
            browser.js("window.dispatchEvent(new HashChangeEvent('hashchange'));");
            sleep(2000);
        }
        Set<String> shown = timeline();
        Set<String> missing = new TreeSet<>(recorded);
        missing.removeAll(shown);
        assertTrue(missing.isEmpty(), "timeline " + shown + " lacks " + missing);
        browser.screenshot("07-voucher-page");
        browser.js("document.querySelector('#voucher-timeline').scrollIntoView({block: 'start'});"
                + " window.scrollBy(0, -60);"); // below the fixed top bar
        browser.screenshot("08-voucher-timeline");
        // …and those are the steps across parties: finance signed, queued and sent it; the bank received and accepted
        // it, signed its 回单 and replied; finance (and the PBoC, its copy) received the 回单.
        for (String step : List.of("finance SUBMITTED", "finance SIGNED", "finance QUEUED", "finance SENT",
                BANK + " RECEIVED", BANK + " ACCEPTED", BANK + " RECEIPT_SIGNED", BANK + " REPLIED",
                "finance ACK_ACCEPTED", "finance RECEIPT", "pboc RECEIVED")) {
            assertTrue(shown.contains(step), step + " not in " + shown);
        }
        System.out.println("timeline of " + key + ": " + shown);
    }

    @Test
    @Order(4)
    void theAuditorSeesThoseActionsAndCannotSign() {
        assertTrue(batchSigned, "scenario 2 did not batch-sign the vouchers");
        logout();
        login("sj01");
        // The auditor reads every node: the dashboard has all five, with the batch counted at finance.
        for (String node : List.of(FINANCE, "pboc", BANK, "bank102", "unit")) {
            browser.visible("#dashboard .node-card[data-node=" + node + "]", 30);
        }
        browser.visible("#dashboard .node-card[data-node=finance] tr[data-status='12']", 30);
        loaded("#dashboard");
        browser.screenshot("09-auditor-dashboard");
        browser.click("#nav-audit");
        browser.visible("#audit-table tr.audit-row", 30);
        // The trail is newest first, 100 a page: filter by actor for each signer.
        for (String signer : List.of("sh01", "lr01")) {
            browser.type("#audit-actor", signer);
            browser.click("#audit-search");
            Appliance.await(signer + "'s rows in the audit page", Duration.ofSeconds(30), () -> {
                List<String[]> rows = auditRows();
                return !rows.isEmpty() && rows.stream().allMatch(r -> r[0].equals(signer));
            });
            List<String[]> rows = auditRows();
            assertTrue(rows.stream().anyMatch(r -> isSigning(r[1]) && r[2].startsWith("OK")),
                    signer + "'s signatures not in the audit page: " + sample(rows));
            if (signer.equals("sh01")) {
                browser.click("#audit-verify");
                browser.textContains("#audit-verify-result", "链完整", 60);
                browser.screenshot("10-audit-trail");
            }
        }
        // The same through the API, as the auditor: both signatures of each voucher of the batch are recorded.
        for (String key : batch.subList(0, 5)) {
            String trail = Rest.get("sj01", "/audit?limit=100&text=" + key).body();
            assertTrue(trail.contains("\"lr01\"") && trail.contains("\"sh01\""), key + ": " + trail);
        }

        // The auditor cannot sign: the voucher page offers no sign action to an account without the post …
        browser.open(Rest.CONSOLE + "#/voucher/" + FINANCE + "/" + clerkKey);
        browser.visible("#voucher-paper", 30);
        browser.visible("#voucher-timeline .tl-row", 30);
        assertFalse(browser.present("#voucher-sign"), "the auditor is offered #voucher-sign");
        browser.screenshot("11-auditor-voucher-no-sign");
        // … the work list (批量签章) is refused by the API with NOT_AUTHORIZED …
        browser.click("#nav-work");
        new Select(browser.visible("#work-node")).selectByValue(FINANCE);
        browser.textContains("#toast", "NOT_AUTHORIZED: sj01 may not GET /console/work/finance", 30);
        browser.screenshot("12-auditor-work-refused");
        // … its own session's POST …/signatures is 403 NOT_AUTHORIZED, and so is the same over Basic auth.
        String answer = (String) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                const h = {'X-Requested-With': 'jinku-console'};
                fetch('/jinku/api/session', {credentials: 'same-origin', headers: h})
                  .then(r => r.json())
                  .then(s => fetch('/jinku/api/nodes/finance/vouchers/' + arguments[0] + '/signatures', {
                      method: 'POST', credentials: 'same-origin',
                      headers: Object.assign({'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken}, h),
                      body: JSON.stringify({pin: '110112'})}))
                  .then(r => r.text().then(t => done(r.status + ' ' + t)))
                  .catch(e => done('ERROR ' + e));
                """, clerkKey);
        assertTrue(answer.startsWith("403") && answer.contains("NOT_AUTHORIZED"), "console session: " + answer);
        Rest.Response basic = Rest.post("sj01", "/nodes/finance/vouchers/" + clerkKey + "/signatures",
                "{\"pin\": \"" + PIN_SH01 + "\"}");
        assertEquals(403, basic.status(), basic.toString());
        assertEquals("NOT_AUTHORIZED", basic.error());
        assertEquals(List.of("lr01"), signers(Rest.get("sj01", "/nodes/finance/vouchers/" + clerkKey).json()));
    }

    @Test
    @Order(5)
    void fiveWrongPasswordsLockAnAccount() {
        // dw02 (review@unit): an account no other test logs in with.
        String account = "dw02";
        logout();
        for (int i = 1; i <= 5; i++) {
            String error = attemptLogin(account, "wrong-" + i);
            if (i < 5) {
                assertTrue(error.contains("NOT_AUTHENTICATED") && !error.contains("ACCOUNT_LOCKED"),
                        "attempt " + i + ": " + error);
            } else {
                // the fifth failure is the one that locks it: it may already say so
                assertTrue(error.contains("NOT_AUTHENTICATED") || error.contains("ACCOUNT_LOCKED"), error);
            }
        }
        String error = attemptLogin(account, Rest.password(account));
        browser.screenshot("13-account-locked");
        assertTrue(error.contains("账户已锁定") || error.contains("ACCOUNT_LOCKED"), "6th attempt: " + error);
        assertFalse(browser.shown("#whoami"), "logged in anyway");
        Rest.Response api = Rest.get(account, "/session");
        assertEquals(401, api.status(), api.toString());
        assertEquals("ACCOUNT_LOCKED", api.error());

        // Only the security administrator unlocks it.
        assertEquals(403, Rest.post("sj01", "/accounts/" + account + "/unlock", "{}").status());
        Rest.Response unlocked = Rest.post("aq01", "/accounts/" + account + "/unlock", "{}");
        assertEquals(200, unlocked.status(), unlocked.toString());
        assertEquals(200, Rest.get(account, "/session").status());
    }

    // ------------------------------------------------------------------ steps

    private void login(String account) {
        browser.open(Rest.CONSOLE);
        browser.type("#login-name", account);
        browser.type("#login-password", Rest.password(account));
        browser.click("#login-submit");
        browser.textContains("#whoami", account, 30);
    }

    /** One login attempt on the login page; returns what #login-error then shows. */
    private String attemptLogin(String account, String password) {
        browser.visible("#login-name");
        browser.js("const e = document.querySelector('#login-error'); if (e) e.textContent = '';");
        browser.type("#login-name", account);
        browser.type("#login-password", password);
        browser.click("#login-submit");
        Appliance.await("#login-error after a login attempt", Duration.ofSeconds(20), () -> browser.present("#login-error")
                && !browser.driver().findElement(By.cssSelector("#login-error")).getText().isBlank());
        return browser.driver().findElement(By.cssSelector("#login-error")).getText();
    }

    private void logout() {
        browser.open(Rest.CONSOLE);
        Appliance.await("the login page or the top bar", Duration.ofSeconds(20),
                () -> browser.shown("#login-name") || browser.shown("#logout"));
        if (browser.shown("#logout")) {
            browser.click("#logout");
        }
        browser.visible("#login-name", 20);
    }

    // ------------------------------------------------------------------ reading

    /** Waits until nothing under {@code css} still says 加载中 (its parts load one by one). */
    private void loaded(String css) {
        Appliance.await(css + " loaded", Duration.ofSeconds(30), () -> browser.all(css + " .loading").isEmpty());
    }

    private static String row(String key) {
        return "#work-table tr[data-key='" + key + "']";
    }

    private static int status(Rest.Session session, String key) {
        Rest.Response r = session.get("/nodes/finance/vouchers/" + key);
        return r.status() == 200 ? r.json().path("status").asInt(-1) : -1;
    }

    private static List<String> signers(JsonNode view) {
        List<String> users = new ArrayList<>();
        view.path("signatures").forEach(s -> users.add(s.path("userId").asText()));
        return users;
    }

    /** The timeline's rows as "node EVENT". */
    private Set<String> timeline() {
        try {
            return browser.all("#voucher-timeline .tl-row").stream()
                    .map(r -> r.getDomAttribute("data-node") + " " + r.getDomAttribute("data-event"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (StaleElementReferenceException e) {
            return new TreeSet<>();
        }
    }

    /** The audit page's rows as [actor, action, outcome]; none while the page is being redrawn. */
    private List<String[]> auditRows() {
        try {
            return browser.all("#audit-table tr.audit-row").stream().map(r -> new String[] {
                r.findElement(By.cssSelector(".actor")).getText().trim(),
                r.findElement(By.cssSelector(".action")).getText().trim(),
                r.findElement(By.cssSelector(".outcome")).getText().trim()}).toList();
        } catch (StaleElementReferenceException e) {
            return List.of();
        }
    }

    private static boolean isSigning(String action) {
        String a = action.toLowerCase();
        return a.contains("sign") || action.contains("签");
    }

    private static String sample(List<String[]> rows) {
        return rows.stream().limit(15).map(r -> String.join("|", r)).collect(Collectors.joining("; "));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
