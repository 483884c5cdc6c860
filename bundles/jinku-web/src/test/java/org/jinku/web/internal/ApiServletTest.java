package org.jinku.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.jinku.api.CertificateView;
import org.jinku.api.Credential;
import org.jinku.api.Direction;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.ParkedMessage;
import org.jinku.api.RejectCode;
import org.jinku.api.SealState;
import org.jinku.api.SealView;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;

/** The servlet against a fake node: malformed input is a 400 naming the field, a fault of ours leaks nothing. */
class ApiServletTest {

    private final List<String> calls = new ArrayList<>();

    /** A node that answers the parked routes and fails every other call with a NullPointerException. */
    private final Node node = (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "name":
                        return "finance";
                    case "parked":
                        return List.of(new ParkedMessage("ID:p-1", "VOUCHER", "bank", "m1", Instant.EPOCH, 6,
                                "java.lang.IllegalStateException: boom", 42));
                    case "retryParked":
                    case "discardParked":
                        calls.add(method.getName() + " " + args[0] + " " + args[1]);
                        if (!"ID:p-1".equals(args[0])) {
                            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no parked message " + args[0]);
                        }
                        return null;
                    case "sign":
                        calls.add("sign " + args[0] + " " + args[1] + " " + args[2]);
                        if (!"110111".equals(args[2])) {
                            throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for the key container of " + args[1]);
                        }
                        return view((VoucherKey) args[0]);
                    case "stamp":
                        calls.add("stamp " + args[0] + " " + args[1] + " " + args[2] + " " + args[3]);
                        if ("locked".equals(args[2])) {
                            throw new JinkuException(RejectCode.KEY_LOCKED, "the key container of locked is locked");
                        }
                        if ("ds_qz".equals(args[1])) {
                            throw new JinkuException(RejectCode.SEAL_UNREGISTERED, "bank105 has not acknowledged ES-1");
                        }
                        return view((VoucherKey) args[0]);
                    case "cancelStamp":
                        calls.add("cancelStamp " + args[0] + " " + args[1] + " " + args[2]);
                        return view((VoucherKey) args[0]);
                    case "stamps":
                        return (Integer) args[1] == 0 ? Map.of("yh_qz", "ES-1") : Map.of();
                    case "certificates":
                        return List.of(new CertificateView("lr01", "finance/lr01", "1A2B", "CN=lr01@finance,O=finance",
                                Instant.parse("2027-01-01T00:00:00Z"), 38, false, "expires in 38 days: renew it"));
                    case "reportLost":
                        calls.add("reportLost " + args[0] + " " + args[1]);
                        return new IssuedCertificate(java.math.BigInteger.valueOf(0x1A2B), "CN=lr01@finance,O=finance",
                                Credential.Kind.PERSON, Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                                Instant.parse("2026-11-24T00:00:00Z"), "keyCompromise", (String) args[1]);
                    case "crls":
                        return Map.of("CN=Jinku Box CA", "number 3, 1 revoked, made here");
                    case "publishCrl":
                        calls.add("publishCrl " + args[0]);
                        return null;
                    case "seals":
                        return List.of(seal("ES-1", SealState.ACTIVE));
                    case "applySeal":
                        calls.add("applySeal " + args[0] + " " + args[1] + " " + ((byte[]) args[2]).length + " " + args[3]);
                        return seal("ES-2", SealState.APPLIED);
                    case "approveSeal":
                    case "makeSeal":
                    case "registerSeal":
                        calls.add(method.getName() + " " + args[0] + " " + args[1]);
                        return seal((String) args[0], method.getName().equals("approveSeal") ? SealState.APPROVED
                                : method.getName().equals("makeSeal") ? SealState.MADE : SealState.ACTIVE);
                    case "changeSeal":
                        calls.add("changeSeal " + args[0] + " " + ((byte[]) args[1]).length + " " + args[2]);
                        return seal("ES-3", SealState.APPLIED);
                    case "revokeSeal":
                        calls.add("revokeSeal " + args[0] + " " + args[1] + " " + args[2]);
                        if (!"ES-1".equals(args[0])) {
                            throw new JinkuException(RejectCode.SEAL_REVOKED, args[0] + " is revoked already");
                        }
                        return seal("ES-1", SealState.REVOKED);
                    default:
                        throw new NullPointerException("secret internal detail in " + method.getName());
                }
            });

    private static VoucherView view(VoucherKey key) {
        return new VoucherView(key, 0, Direction.OUT, "bank105", VoucherState.SIGNING, Map.of(), List.of(), "1.00", null,
                "d", Instant.EPOCH, Instant.EPOCH);
    }

    private static SealView seal(String id, SealState state) {
        return new SealView(id, "财政局国库支付专用章", "cz_qz", "finance", state, 1, "lr01",
                state == SealState.APPLIED ? null : "sh01", null, Instant.parse("2029-01-01T00:00:00Z"), null,
                Map.of("bank105", "ACKNOWLEDGED"), List.of("APPLIED by lr01"), null);
    }

    private final ApiServlet servlet = new ApiServlet(new NodeDirectory() {
        @Override
        public List<Node> nodes() {
            return List.of(node);
        }

        @Override
        public Optional<Node> node(String name) {
            return name.equals("finance") ? Optional.of(node) : Optional.empty();
        }
    }, new org.jinku.catalog.internal.CatalogService());

    private record Answer(int status, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }

        String field() {
            return json.path("fieldErrors").path(0).path("path").asText();
        }
    }

    @Test
    void aFaultOfOursIsA500WithAnErrorIdAndNoInternals() throws Exception {
        Answer a = call("POST", "/nodes/finance/vouchers", "{\"header\": {\"VtCode\": \"5201\"}, \"details\": []}", Map.of());
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
        Answer broken = call("POST", "/nodes/finance/vouchers", "{\"header\": {", Map.of());
        assertEquals(400, broken.status());
        assertEquals("MALFORMED_JSON", broken.error());

        Answer notObject = call("POST", "/nodes/finance/vouchers", "[1, 2]", Map.of());
        assertEquals(400, notObject.status());
        assertEquals("INVALID_FIELD", notObject.error());

        Answer noHeader = call("POST", "/nodes/finance/vouchers", "{\"details\": []}", Map.of());
        assertEquals(400, noHeader.status());
        assertEquals("header", noHeader.field());

        Answer number = call("POST", "/nodes/finance/vouchers",
                "{\"header\": {\"PayAmt\": 12.5, \"VtCode\": \"5201\"}, \"details\": [{\"Id\": \"1\", \"PayAmt\": null}, 7]}",
                Map.of());
        assertEquals(400, number.status());
        assertEquals("INVALID_FIELD", number.error());
        List<String> fields = new ArrayList<>();
        number.json().path("fieldErrors").forEach(f -> fields.add(f.path("path").asText()));
        assertEquals(List.of("PayAmt", "DetailList[0].PayAmt", "DetailList[1]"), fields);

        Answer detailsNotArray = call("POST", "/nodes/finance/vouchers", "{\"header\": {}, \"details\": {}}", Map.of());
        assertEquals("details", detailsNotArray.field());

        String key = "/nodes/finance/vouchers/210000/2026/5201/EX-1";
        Answer missing = call("POST", key + "/signatures", "", Map.of());
        assertEquals(400, missing.status());
        assertEquals("user", missing.field());
        Answer wrongType = call("POST", key + "/signatures", "{\"user\": 5}", Map.of());
        assertEquals(400, wrongType.status());
        assertEquals("user", wrongType.field());
        Answer blank = call("POST", key + "/refuse", "{\"actor\": \"yh01\", \"reason\": \"  \"}", Map.of());
        assertEquals(400, blank.status());
        assertEquals("reason", blank.field());
        Answer badKey = call("GET", "/nodes/finance/vouchers/21/2026/5201/EX-1", null, Map.of());
        assertEquals(400, badKey.status());
        assertEquals("key", badKey.field());
        Answer badLimit = call("GET", "/nodes/finance/vouchers", null, Map.of("limit", "lots"));
        assertEquals(400, badLimit.status());
        assertEquals("limit", badLimit.field());
    }

    @Test
    void parkedMessagesAreListedRetriedAndDiscarded() throws Exception {
        Answer list = call("GET", "/nodes/finance/parked", null, Map.of());
        assertEquals(200, list.status());
        assertEquals("ID:p-1", list.json().get(0).path("id").asText());
        assertEquals(6, list.json().get(0).path("deliveries").asInt());
        assertEquals("bank", list.json().get(0).path("from").asText());

        assertEquals(200, call("POST", "/nodes/finance/parked/ID:p-1/retry", "{\"actor\": \"ops1\"}", Map.of()).status());
        assertEquals(200, call("DELETE", "/nodes/finance/parked/ID:p-1", null, Map.of("actor", "ops1")).status());
        assertEquals(200, call("POST", "/nodes/finance/parked/ID:p-1/discard", "{\"actor\": \"ops2\"}", Map.of()).status());
        assertEquals(List.of("retryParked ID:p-1 ops1", "discardParked ID:p-1 ops1", "discardParked ID:p-1 ops2"), calls);

        Answer unknown = call("POST", "/nodes/finance/parked/ID:p-2/retry", "{\"actor\": \"ops1\"}", Map.of());
        assertEquals(404, unknown.status());
        Answer noActor = call("DELETE", "/nodes/finance/parked/ID:p-1", null, Map.of());
        assertEquals(400, noActor.status());
        assertEquals("actor", noActor.field());
    }

    @Test
    void signingTakesTheOperatorsPinAndAWrongOneIsA403() throws Exception {
        String key = "/nodes/finance/vouchers/210000/2026/5201/EX-1";
        Answer ok = call("POST", key + "/signatures", "{\"user\": \"lr01\", \"pin\": \"110111\"}", Map.of());
        assertEquals(200, ok.status());
        assertEquals("SIGNING", ok.json().path("state").asText());
        Answer wrong = call("POST", key + "/signatures", "{\"user\": \"lr01\", \"pin\": \"000000\"}", Map.of());
        assertEquals(403, wrong.status());
        assertEquals("WRONG_PIN", wrong.error());
        Answer none = call("POST", key + "/signatures", "{\"user\": \"lr01\"}", Map.of());
        assertEquals(403, none.status());
        assertEquals(List.of("sign 210000/2026/5201/EX-1 lr01 110111", "sign 210000/2026/5201/EX-1 lr01 000000",
                "sign 210000/2026/5201/EX-1 lr01 null"), calls);

        Answer number = call("POST", key + "/signatures", "{\"user\": \"lr01\", \"pin\": 110111}", Map.of());
        assertEquals(400, number.status());
        assertEquals("pin", number.field());
        assertFalse(number.json().toString().contains("110111"), number.json().toString());
    }

    @Test
    void stampsAreAppliedCancelledAndListed() throws Exception {
        String key = "/nodes/finance/vouchers/210000/2026/5201/EX-1";
        assertEquals(200, call("POST", key + "/stamp", "{\"position\": \"cz_qz\", \"user\": \"gz01\", \"pin\": \"1\"}",
                Map.of()).status());
        assertEquals(200, call("POST", key + "/stamp/cancel", "{\"position\": \"cz_qz\", \"actor\": \"sh01\"}",
                Map.of()).status());
        assertEquals(List.of("stamp 210000/2026/5201/EX-1 cz_qz gz01 1", "cancelStamp 210000/2026/5201/EX-1 cz_qz sh01"),
                calls);
        Answer locked = call("POST", key + "/stamp", "{\"position\": \"cz_qz\", \"user\": \"locked\", \"pin\": \"1\"}",
                Map.of());
        assertEquals(403, locked.status());
        assertEquals("KEY_LOCKED", locked.error());
        Answer unregistered = call("POST", key + "/stamp", "{\"position\": \"ds_qz\", \"user\": \"gz01\"}", Map.of());
        assertEquals(409, unregistered.status());
        assertEquals("SEAL_UNREGISTERED", unregistered.error());
        Answer noPosition = call("POST", key + "/stamp/cancel", "{\"actor\": \"sh01\"}", Map.of());
        assertEquals(400, noPosition.status());
        assertEquals("position", noPosition.field());

        Answer stamps = call("GET", key + "/stamps", null, Map.of());
        assertEquals("ES-1", stamps.json().path("stamps").path("yh_qz").asText());
        assertEquals(0, call("GET", key + "/stamps", null, Map.of("flag", "1")).json().path("stamps").size());
        assertEquals(404, call("POST", key + "/stamp/cancel/now", "{}", Map.of()).status());
    }

    @Test
    void certificatesAreListedReportedLostAndCrlsPublished() throws Exception {
        Answer certs = call("GET", "/nodes/finance/certificates", null, Map.of());
        assertEquals(200, certs.status());
        assertEquals("lr01", certs.json().get(0).path("holder").asText());
        assertEquals(38, certs.json().get(0).path("daysLeft").asInt());
        assertEquals("expires in 38 days: renew it", certs.json().get(0).path("warning").asText());

        Answer lost = call("POST", "/nodes/finance/certificates/report-lost", "{\"holder\": \"lr01\", \"actor\": \"aq01\"}",
                Map.of());
        assertEquals(200, lost.status());
        assertEquals("1A2B", lost.json().path("serial").asText());
        assertEquals("keyCompromise", lost.json().path("revocationReason").asText());
        assertTrue(lost.json().path("revoked").asBoolean());
        assertEquals("holder", call("POST", "/nodes/finance/certificates/report-lost", "{\"actor\": \"aq01\"}",
                Map.of()).field());

        assertEquals("number 3, 1 revoked, made here", call("GET", "/nodes/finance/crls", null, Map.of()).json()
                .path("CN=Jinku Box CA").asText());
        Answer published = call("POST", "/nodes/finance/crls/publish", "{\"actor\": \"aq01\"}", Map.of());
        assertEquals("PUBLISHED", published.json().path("result").asText());
        assertEquals(List.of("reportLost lr01 aq01", "publishCrl aq01"), calls);
        assertEquals(404, call("GET", "/nodes/finance/crls/publish", null, Map.of()).status());
    }

    @Test
    void sealsGoThroughTheirLife() throws Exception {
        String png = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n',
                0x1a, '\n', 0, 0, 0, 13});
        Answer list = call("GET", "/nodes/finance/seals", null, Map.of());
        assertEquals("ES-1", list.json().get(0).path("sealId").asText());
        assertEquals("ACTIVE", list.json().get(0).path("state").asText());
        assertEquals("ACKNOWLEDGED", list.json().get(0).path("registrations").path("bank105").asText());

        Answer applied = call("POST", "/nodes/finance/seals", "{\"name\": \"财政局国库支付专用章\", \"position\": \"cz_qz\","
                + " \"pngBase64\": \"" + png + "\", \"actor\": \"lr01\"}", Map.of());
        assertEquals(201, applied.status());
        assertEquals("APPLIED", applied.json().path("state").asText());
        assertEquals("财政局国库支付专用章", applied.json().path("name").asText());
        assertEquals("APPROVED", call("POST", "/nodes/finance/seals/ES-2/approve", "{\"actor\": \"sh01\"}", Map.of())
                .json().path("state").asText());
        assertEquals("MADE", call("POST", "/nodes/finance/seals/ES-2/make", "{\"actor\": \"zz01\"}", Map.of())
                .json().path("state").asText());
        assertEquals("ACTIVE", call("POST", "/nodes/finance/seals/ES-2/register", "{\"actor\": \"zz01\"}", Map.of())
                .json().path("state").asText());
        assertEquals(200, call("POST", "/nodes/finance/seals/ES-1/change", "{\"pngBase64\": \"" + png
                + "\", \"actor\": \"lr01\"}", Map.of()).status());
        assertEquals("REVOKED", call("POST", "/nodes/finance/seals/ES-1/revoke", "{\"actor\": \"sh01\", \"reason\": \"印章损毁\"}",
                Map.of()).json().path("state").asText());
        assertEquals(List.of("applySeal 财政局国库支付专用章 cz_qz 12 lr01", "approveSeal ES-2 sh01", "makeSeal ES-2 zz01",
                "registerSeal ES-2 zz01", "changeSeal ES-1 12 lr01", "revokeSeal ES-1 sh01 印章损毁"), calls);

        Answer again = call("POST", "/nodes/finance/seals/ES-9/revoke", "{\"actor\": \"sh01\", \"reason\": \"x\"}", Map.of());
        assertEquals(409, again.status());
        assertEquals("SEAL_REVOKED", again.error());
        Answer notPng = call("POST", "/nodes/finance/seals", "{\"name\": \"章\", \"position\": \"cz_qz\","
                + " \"pngBase64\": \"R0lGODlh\", \"actor\": \"lr01\"}", Map.of());
        assertEquals(400, notPng.status());
        assertEquals("pngBase64", notPng.field());
        Answer notBase64 = call("POST", "/nodes/finance/seals/ES-1/change", "{\"pngBase64\": \"***\", \"actor\": \"lr01\"}",
                Map.of());
        assertEquals("BAD_BASE64", notBase64.error());
        Answer noName = call("POST", "/nodes/finance/seals", "{\"position\": \"cz_qz\", \"pngBase64\": \"" + png
                + "\", \"actor\": \"lr01\"}", Map.of());
        assertEquals("name", noName.field());
        assertEquals(404, call("POST", "/nodes/finance/seals/ES-1/burn", "{\"actor\": \"sh01\"}", Map.of()).status());
    }

    // ------------------------------------------------------------------ fakes

    private Answer call(String method, String path, String body, Map<String, String> params) throws Exception {
        byte[] in = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream input = new ByteArrayInputStream(in);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return input.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }

            @Override
            public int read() {
                return input.read();
            }
        };
        Map<String, Object> req = new HashMap<>();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "getRequestURI" -> "/jinku/api" + path;
                    case "getParameter" -> params.get((String) args[0]);
                    case "getInputStream" -> sin;
                    case "getContentLengthLong" -> (long) in.length;
                    case "getContentLength" -> in.length;
                    default -> req.get(m.getName());
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }

            @Override
            public void write(int b) {
                out.write(b);
            }
        };
        int[] status = {0};
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status[0];
                    case "getOutputStream" -> sout;
                    default -> null;
                });
        servlet.service(request, response);
        return new Answer(status[0], VoucherJson.MAPPER.readTree(out.toByteArray()));
    }
}
