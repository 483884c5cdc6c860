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

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.ParkedMessage;
import org.jinku.api.RejectCode;
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
                    default:
                        throw new NullPointerException("secret internal detail in " + method.getName());
                }
            });

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
