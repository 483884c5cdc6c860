package org.jinku.web.internal.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.jinku.web.internal.ApiServer.Answer;

/**
 * The routes over a fake node, through the real JAX-RS runtime: malformed input is a 400 naming the field, a fault
 * of ours leaks nothing, refusals keep their status, the signer and actor are the caller.
 */
class RoutesTest {

    private static final String KEY = "/nodes/finance/vouchers/210000/2026/5201/EX-1";
    private static Fixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new Fixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @BeforeEach
    void clear() {
        f.calls.clear();
    }

    @Test
    void aFaultOfOursIsA500WithAnErrorIdAndNoInternals() throws Exception {
        Answer a = f.call("lr01", "POST", "/nodes/finance/vouchers", "{\"header\": {\"VtCode\": \"5201\"}, \"details\": []}");
        assertEquals(500, a.status());
        assertEquals("INTERNAL_ERROR", a.error());
        String id = a.json().path("errorId").asText();
        assertTrue(id.matches("[0-9a-f]{8}"), id);
        assertEquals("internal error, see the log under error id " + id, a.json().path("message").asText());
        String body = a.json().toString();
        assertFalse(body.contains("NullPointer") || body.contains("secret"), body);
    }

    @Test
    void malformedSubmissionsAre400sNamingTheField() throws Exception {
        Answer broken = f.call("lr01", "POST", "/nodes/finance/vouchers", "{\"header\": {");
        assertEquals(400, broken.status());
        assertEquals("MALFORMED_JSON", broken.error());
        assertTrue(broken.json().path("message").asText().contains("line 1"), broken.json().toString());

        Answer notObject = f.call("lr01", "POST", "/nodes/finance/vouchers", "[1, 2]");
        assertEquals(400, notObject.status());
        assertEquals("INVALID_FIELD", notObject.error());

        Answer noHeader = f.call("lr01", "POST", "/nodes/finance/vouchers", "{\"details\": []}");
        assertEquals(400, noHeader.status());
        assertEquals("header", noHeader.field());

        Answer number = f.call("lr01", "POST", "/nodes/finance/vouchers",
                "{\"header\": {\"PayAmt\": 12.5, \"VtCode\": \"5201\"}, \"details\": [{\"Id\": \"1\", \"PayAmt\": null}, 7]}");
        assertEquals(400, number.status());
        List<String> fields = new ArrayList<>();
        number.json().path("fieldErrors").forEach(e -> fields.add(e.path("path").asText()));
        assertEquals(List.of("PayAmt", "DetailList[0].PayAmt", "DetailList[1]"), fields);

        assertEquals("details", f.call("lr01", "POST", "/nodes/finance/vouchers", "{\"header\": {}, \"details\": {}}").field());

        Answer wrongType = f.call("lr01", "POST", KEY + "/signatures", "{\"user\": 5}");
        assertEquals(400, wrongType.status());
        assertEquals("user", wrongType.field());
        Answer blank = f.call("sh01", "POST", KEY + "/refuse", "{\"reason\": \"  \"}");
        assertEquals(400, blank.status());
        assertEquals("reason", blank.field());
        Answer badKey = f.call("lr01", "GET", "/nodes/finance/vouchers/21/2026/5201/EX-1", null);
        assertEquals(400, badKey.status());
        assertEquals("key", badKey.field());
        Answer badLimit = f.call("lr01", "GET", "/nodes/finance/vouchers?limit=lots", null);
        assertEquals(400, badLimit.status());
        assertEquals("limit", badLimit.field());
    }

    @Test
    void aBodyDeclaredAsAFormIsReadAsJsonAndAnOversizedOneIs413() throws Exception {
        Answer form = f.call("sh01", "POST", KEY + "/accept", "{}", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, form.status(), form.json().toString());
        Answer huge = f.call("lr01", "POST", "/nodes/finance/vouchers", "\"" + "x".repeat(16 * 1024 * 1024) + "\"");
        assertEquals(413, huge.status());
        assertEquals("OVERSIZED", huge.error());
    }

    @Test
    void unknownRoutesAndNodesAre404sInJson() throws Exception {
        Answer route = f.call("jinku", "GET", "/nodes/finance/nowhere", null);
        assertEquals(404, route.status());
        assertEquals("NOT_FOUND", route.error());
        Answer method = f.call("aq01", "GET", "/nodes/finance/crls/publish", null);
        assertEquals(404, method.status());
        assertEquals("NOT_FOUND", method.error());
        Answer node = f.call("jinku", "GET", "/nodes/nowhere", null);
        assertEquals(404, node.status());
        assertEquals("UNKNOWN_NODE", node.error());
        assertEquals(404, f.call("sh01", "POST", KEY + "/stamp/cancel/now", "{}").status());
    }

    @Test
    void nodesTypesAndReadsAnswerAsBefore() throws Exception {
        Answer nodes = f.call("lr01", "GET", "/nodes", null);
        assertEquals(200, nodes.status());
        assertEquals("finance", nodes.json().get(0).path("name").asText());
        assertTrue(nodes.header("Content-Type").startsWith("application/json"), nodes.header("Content-Type"));
        assertEquals("finance", f.call("sj01", "GET", "/nodes/finance", null).json().path("name").asText());
        assertTrue(f.call("yh01", "GET", "/types", null).json().size() > 10);
        assertEquals("SIGNING", f.call("sj01", "GET", KEY, null).json().path("state").asText());
        assertEquals("SIGNING", f.call("lr01", "GET", "/nodes/finance/vouchers", null).json().get(0).path("state").asText());
        assertEquals(200, f.call("jinku", "GET", "/nodes/finance/status-counts", null).status());
        assertEquals("clearing-request", f.call("jinku", "GET", "/nodes/bank105/commands", null).json().get(0).asText());
        Answer run = f.call("jinku", "POST", "/nodes/bank105/commands/clearing-request", "{\"args\": {\"voucherNo\": \"7\"}}");
        assertEquals("done", run.json().path("result").asText());
        assertEquals(List.of("runCommand clearing-request {voucherNo=7}"), f.calls);
    }

    @Test
    void parkedMessagesAreListedRetriedAndDiscardedByTheSystemAdministrator() throws Exception {
        Answer list = f.call("jinku", "GET", "/nodes/finance/parked", null);
        assertEquals(200, list.status());
        assertEquals("ID:p-1", list.json().get(0).path("id").asText());
        assertEquals(6, list.json().get(0).path("deliveries").asInt());

        assertEquals("RETRIED", f.call("jinku", "POST", "/nodes/finance/parked/ID:p-1/retry", "{}").json()
                .path("result").asText());
        assertEquals(200, f.call("jinku", "DELETE", "/nodes/finance/parked/ID:p-1?actor=jinku", null).status());
        assertEquals(200, f.call("jinku", "POST", "/nodes/finance/parked/ID:p-1/discard", "{\"actor\": \"jinku\"}").status());
        assertEquals(List.of("retryParked ID:p-1 jinku", "discardParked ID:p-1 jinku", "discardParked ID:p-1 jinku"),
                f.calls);

        assertEquals(404, f.call("jinku", "POST", "/nodes/finance/parked/ID:p-2/retry", "{}").status());
        Answer other = f.call("jinku", "DELETE", "/nodes/finance/parked/ID:p-1?actor=ops1", null);
        assertEquals(403, other.status());
        assertEquals("NOT_AUTHORIZED", other.error());
        assertEquals("actor", other.field());
    }

    @Test
    void theSignerIsTheCallerWithThePinOfItsKeyContainer() throws Exception {
        Answer ok = f.call("lr01", "POST", KEY + "/signatures", "{\"pin\": \"110111\"}");
        assertEquals(200, ok.status());
        assertEquals("SIGNING", ok.json().path("state").asText());
        Answer named = f.call("lr01", "POST", KEY + "/signatures", "{\"user\": \"lr01\", \"pin\": \"110111\"}");
        assertEquals(200, named.status());
        Answer wrong = f.call("lr01", "POST", KEY + "/signatures", "{\"pin\": \"000000\"}");
        assertEquals(403, wrong.status());
        assertEquals("WRONG_PIN", wrong.error());
        Answer none = f.call("lr01", "POST", KEY + "/signatures", "");
        assertEquals(403, none.status());
        assertEquals(List.of("sign 210000/2026/5201/EX-1 lr01 110111", "sign 210000/2026/5201/EX-1 lr01 110111",
                "sign 210000/2026/5201/EX-1 lr01 000000", "sign 210000/2026/5201/EX-1 lr01 null"), f.calls);

        Answer onBehalf = f.call("lr01", "POST", KEY + "/signatures", "{\"user\": \"sh01\", \"pin\": \"110112\"}");
        assertEquals(403, onBehalf.status());
        assertEquals("NOT_AUTHORIZED", onBehalf.error());
        assertTrue(onBehalf.json().path("message").asText().contains("on another's behalf"), onBehalf.json().toString());
        Answer number = f.call("lr01", "POST", KEY + "/signatures", "{\"pin\": 110111}");
        assertEquals(400, number.status());
        assertEquals("pin", number.field());
        assertFalse(number.json().toString().contains("110111"), number.json().toString());
        assertEquals(4, f.calls.size(), "refused before the node: " + f.calls);
    }

    @Test
    void stampsAreAppliedCancelledAndListed() throws Exception {
        assertEquals(200, f.call("sh01", "POST", KEY + "/stamp", "{\"position\": \"cz_qz\", \"pin\": \"1\"}").status());
        assertEquals(200, f.call("sh01", "POST", KEY + "/stamp/cancel", "{\"position\": \"cz_qz\", \"actor\": \"sh01\"}")
                .status());
        assertEquals(List.of("stamp 210000/2026/5201/EX-1 cz_qz sh01 1", "cancelStamp 210000/2026/5201/EX-1 cz_qz sh01"),
                f.calls);
        Answer locked = f.call("sh01", "POST", KEY + "/stamp", "{\"position\": \"cz_qz\", \"pin\": \"9\"}");
        assertEquals(403, locked.status());
        assertEquals("KEY_LOCKED", locked.error());
        Answer unregistered = f.call("sh01", "POST", KEY + "/stamp", "{\"position\": \"ds_qz\"}");
        assertEquals(409, unregistered.status());
        assertEquals("SEAL_UNREGISTERED", unregistered.error());
        assertEquals("position", f.call("sh01", "POST", KEY + "/stamp/cancel", "{}").field());

        assertEquals("ES-1", f.call("lr01", "GET", KEY + "/stamps", null).json().path("stamps").path("yh_qz").asText());
        assertEquals(0, f.call("lr01", "GET", KEY + "/stamps?flag=1", null).json().path("stamps").size());
    }

    @Test
    void certificatesAreListedReportedLostAndCrlsPublishedByTheSecurityAdministrator() throws Exception {
        Answer certs = f.call("lr01", "GET", "/nodes/finance/certificates", null);
        assertEquals(200, certs.status());
        assertEquals("lr01", certs.json().get(0).path("holder").asText());
        assertEquals(38, certs.json().get(0).path("daysLeft").asInt());

        Answer lost = f.call("aq01", "POST", "/nodes/finance/certificates/report-lost", "{\"holder\": \"lr01\"}");
        assertEquals(200, lost.status());
        assertEquals("1A2B", lost.json().path("serial").asText());
        assertEquals("keyCompromise", lost.json().path("revocationReason").asText());
        assertEquals("holder", f.call("aq01", "POST", "/nodes/finance/certificates/report-lost", "{}").field());

        assertEquals("number 3, 1 revoked, made here", f.call("sj01", "GET", "/nodes/finance/crls", null).json()
                .path("CN=Jinku Box CA").asText());
        Answer published = f.call("aq01", "POST", "/nodes/finance/crls/publish", "");
        assertEquals("PUBLISHED", published.json().path("result").asText());
        assertEquals("aq01", published.json().path("actor").asText());
        assertEquals(List.of("reportLost lr01 aq01", "publishCrl aq01"), f.calls);
    }

    @Test
    void sealsGoThroughTheirLife() throws Exception {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                0, 0, 0, 13});
        Answer list = f.call("lr01", "GET", "/nodes/finance/seals", null);
        assertEquals("ES-1", list.json().get(0).path("sealId").asText());
        assertEquals("ACKNOWLEDGED", list.json().get(0).path("registrations").path("bank105").asText());

        Answer applied = f.call("aq01", "POST", "/nodes/finance/seals", "{\"name\": \"财政局国库支付专用章\", \"position\": \"cz_qz\","
                + " \"pngBase64\": \"" + png + "\"}");
        assertEquals(201, applied.status());
        assertEquals("APPLIED", applied.json().path("state").asText());
        assertEquals("财政局国库支付专用章", applied.json().path("name").asText());
        assertNotNull(applied.header("Location"));
        assertTrue(applied.header("Location").endsWith("/jinku/api/nodes/finance/seals/ES-2"), applied.header("Location"));
        assertEquals("APPROVED", f.call("aq02", "POST", "/nodes/finance/seals/ES-2/approve", "{}").json().path("state").asText());
        assertEquals("MADE", f.call("aq02", "POST", "/nodes/finance/seals/ES-2/make", null).json().path("state").asText());
        assertEquals("ACTIVE", f.call("aq02", "POST", "/nodes/finance/seals/ES-2/register", "{}").json().path("state").asText());
        assertEquals(200, f.call("aq01", "POST", "/nodes/finance/seals/ES-1/change", "{\"pngBase64\": \"" + png + "\"}").status());
        assertEquals("REVOKED", f.call("aq01", "POST", "/nodes/finance/seals/ES-1/revoke", "{\"reason\": \"印章损毁\"}")
                .json().path("state").asText());
        assertEquals(List.of("applySeal 财政局国库支付专用章 cz_qz 12 aq01", "approveSeal ES-2 aq02", "makeSeal ES-2 aq02",
                "registerSeal ES-2 aq02", "changeSeal ES-1 12 aq01", "revokeSeal ES-1 aq01 印章损毁"), f.calls);

        Answer again = f.call("aq01", "POST", "/nodes/finance/seals/ES-9/revoke", "{\"reason\": \"x\"}");
        assertEquals(409, again.status());
        assertEquals("SEAL_REVOKED", again.error());
        Answer notPng = f.call("aq01", "POST", "/nodes/finance/seals", "{\"name\": \"章\", \"position\": \"cz_qz\","
                + " \"pngBase64\": \"R0lGODlh\"}");
        assertEquals(400, notPng.status());
        assertEquals("pngBase64", notPng.field());
        assertEquals("BAD_BASE64", f.call("aq01", "POST", "/nodes/finance/seals/ES-1/change", "{\"pngBase64\": \"***\"}").error());
        assertEquals("name", f.call("aq01", "POST", "/nodes/finance/seals", "{\"position\": \"cz_qz\", \"pngBase64\": \""
                + png + "\"}").field());
        assertEquals(404, f.call("aq01", "POST", "/nodes/finance/seals/ES-1/burn", "{}").status());
    }

    @Test
    void accountsAndTheAuditTrailAreThinOverTheirServices() throws Exception {
        Answer created = f.call("aq01", "POST", "/accounts", "{\"name\": \"lr09\", \"password\": \"pw-123456\","
                + " \"roles\": [\"entry@finance\"]}");
        assertEquals(201, created.status(), created.json().toString());
        assertEquals("entry@finance", created.json().path("roles").get(0).asText());
        Answer conflict = f.call("aq01", "POST", "/accounts/lr09/roles", "{\"role\": \"review@finance\"}");
        assertEquals(409, conflict.status());
        assertEquals("ROLE_CONFLICT", conflict.error());
        assertEquals(2, f.call("aq01", "POST", "/accounts/lr09/roles", "{\"role\": \"seal@finance\"}").json()
                .path("roles").size());
        assertEquals(1, f.call("aq01", "DELETE", "/accounts/lr09/roles/seal@finance", null).json().path("roles").size());
        f.security.lock("lr09");
        assertTrue(f.call("sj01", "GET", "/accounts", null).json().toString().contains("\"locked\":true"));
        assertFalse(f.call("aq01", "POST", "/accounts/lr09/unlock", null).json().path("locked").asBoolean());

        Answer audit = f.call("sj01", "GET", "/audit?actor=aq01&limit=2", null);
        assertEquals(200, audit.status());
        assertEquals(2, audit.json().path("entries").size());
        assertEquals("aq01", audit.json().path("entries").get(0).path("actor").asText());
        assertEquals("from", f.call("sj01", "GET", "/audit?from=yesterday", null).field());
        assertTrue(f.call("aq01", "GET", "/audit/verify", null).json().path("intact").asBoolean());
    }
}
