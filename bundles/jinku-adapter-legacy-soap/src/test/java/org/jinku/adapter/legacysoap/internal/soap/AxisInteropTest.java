package org.jinku.adapter.legacysoap.internal.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.xml.namespace.QName;
import javax.xml.rpc.ParameterMode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.axis.AxisFault;
import org.apache.axis.client.Call;
import org.apache.axis.client.Service;
import org.apache.axis.encoding.XMLType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

/**
 * The real Apache Axis 1.4 client, called the way deployed front-ends call it, against an HTTP server that
 * reads with {@link RpcReader} and answers with {@link RpcWriter}: proves that what Axis sends parses and binds,
 * and that what we answer deserializes into the Java types the clients cast to. Each request Axis sends is
 * saved under target/axis-captured; the specimens in src/test/resources/axis were captured so (RpcReaderTest reads them).
 */
class AxisInteropTest {

    private static final String PATH = "/realware/services/AsspTestService";
    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < ALL_BYTES.length; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    /** A request as the server saw it. */
    record Seen(String protocol, String method, Map<String, List<String>> headers, byte[] body, Object[] args) {

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private static final Map<String, Operation> OPS = new LinkedHashMap<>();
    private static final Map<String, Function<Object[], Object>> HANDLERS = new HashMap<>();
    private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, Integer> STATUS = new ConcurrentHashMap<>();
    private static HttpServer server;
    private static String url;

    private static void op(String name, ReturnType returns, Function<Object[], Object> handler, Param... params) {
        OPS.put(name, new Operation(name, List.of(params), returns));
        HANDLERS.put(name, handler);
    }

    private static Param s(String name) {
        return new Param(name, ArgType.STRING);
    }

    private static Param i(String name) {
        return new Param(name, ArgType.INT);
    }

    @BeforeAll
    static void start() throws IOException {
        op("readVoucher", ReturnType.MAP, a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            // As deployed: voucher number → {status, the voucher's base64}; clients parse v[0] as an int.
            m.put("V001", new Object[] {"0", a[0] + "|" + a[1] + "|" + a[2] + "|" + a[3] + "|" + a[4]});
            m.put("V002", new Object[] {"1", "第二张"});
            return m;
        }, s("certID"), s("admDivCode"), i("stYear"), s("vtCode"), i("maxCount"));
        op("confirmVoucher", ReturnType.INT, a -> ((String[]) a[4]).length,
                s("certID"), s("admDivCode"), i("stYear"), s("vtCode"), new Param("voucherNo", ArgType.STRING_ARRAY));
        op("exportPDF", ReturnType.BASE64, a -> ALL_BYTES, s("certID"), s("voucherNo"));
        op("sendData", ReturnType.STRING, a -> a[1] == null ? null : Arrays.toString((byte[]) a[1]),
                s("certID"), new Param("data", ArgType.BASE64));
        op("echo", ReturnType.STRING, a -> a[0], s("text"));
        op("getStatus", ReturnType.MAP, a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", "running");
            m.put("节点", "财政局 <&> \"q\"");
            m.put("count", 3);
            return m;
        }, s("certID"));
        op("cancelAll", ReturnType.VOID, a -> null, s("certID"));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, AxisInteropTest::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** A tiny dispatcher: read, bind, call the handler, write; a LegacyFault becomes a 500 fault. */
    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if ("GET".equals(ex.getRequestMethod())) {
                String wsdl = Wsdl.of("AsspTestService", url, List.copyOf(OPS.values()));
                send(ex, 200, wsdl.getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            String name = "?";
            Object[] args = null;
            int status;
            byte[] answer;
            try {
                RpcCall call = RpcReader.read(body);
                name = call.operation();
                Operation op = OPS.get(name);
                if (op == null) {
                    throw new LegacyFault(Evs.UNKNOWN_OPERATION, name);
                }
                args = op.bind(call);
                answer = RpcWriter.response(name, op.returns(), HANDLERS.get(name).apply(args));
                status = 200;
            } catch (LegacyFault f) {
                answer = RpcWriter.fault(f);
                status = 500;
            }
            SEEN.put(name, new Seen(ex.getProtocol(), ex.getRequestMethod(), Map.copyOf(ex.getRequestHeaders()),
                    body, args));
            STATUS.put(name, status);
            send(ex, status, answer);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] answer) throws IOException {
        ex.getResponseHeaders().set("Content-Type", RpcWriter.CONTENT_TYPE);
        ex.sendResponseHeaders(status, answer.length);
        ex.getResponseBody().write(answer);
    }

    /** The deployed clients' idiom: no addParameter, so Axis names the parameters arg0, arg1 ... */
    private static Object invoke(String operation, Object... args) throws Exception {
        Call call = (Call) new Service().createCall();
        call.setTargetEndpointAddress(new URL(url));
        call.setOperationName(operation);
        return call.invoke(args);
    }

    /**
     * Keeps what Axis sent under target/axis-captured, to compare with the specimens in src/test/resources/axis
     * (captured once this way and committed; a test run never rewrites the sources).
     */
    private static void save(String file, byte[] content) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "axis-captured");
        Files.createDirectories(dir);
        Files.write(dir.resolve(file), content);
    }

    @Test
    void readVoucherSendsStringsAndMultiRefIntsAndGetsAMapOfObjectArrays() throws Exception {
        Object r = invoke("readVoucher", "001", "210000", 2024, "5201", 100);

        Seen seen = SEEN.get("readVoucher");
        save("readVoucher.xml", seen.body());
        assertArrayEquals(new Object[] {"001", "210000", 2024, "5201", 100}, seen.args());
        assertEquals("HTTP/1.0", seen.protocol());
        assertEquals("POST", seen.method());
        assertEquals("\"\"", seen.header("SOAPAction"));
        assertTrue(seen.header("Content-Type").startsWith("text/xml; charset=utf-8"), seen.header("Content-Type"));
        String xml = new String(seen.body(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<arg2 href=\"#id0\"/>"), xml);
        assertTrue(xml.contains("<multiRef id=\"id0\" soapenc:root=\"0\""), xml);

        Map<?, ?> map = assertInstanceOf(HashMap.class, r);
        Object[] v = (Object[]) map.get("V001");
        assertEquals(0, Integer.parseInt((String) v[0]));  // what deployed clients do with it
        assertEquals("001|210000|2024|5201|100", v[1]);
        assertArrayEquals(new Object[] {"1", "第二张"}, (Object[]) map.get("V002"));
    }

    @Test
    void confirmVoucherSendsAStringArrayAndGetsAnInt() throws Exception {
        Object r = invoke("confirmVoucher", "001", "210000", 2024, "5201", new String[] {"V001", "V002", "凭证3"});

        Seen seen = SEEN.get("confirmVoucher");
        save("confirmVoucher.xml", seen.body());
        assertEquals(3, r);
        assertArrayEquals(new String[] {"V001", "V002", "凭证3"}, (String[]) seen.args()[4]);
    }

    @Test
    void clientsThatCallAddParameterNameTheElementsAndStillBindByPosition() throws Exception {
        Call call = (Call) new Service().createCall();
        call.setTargetEndpointAddress(new URL(url));
        call.setOperationName(new QName("urn:AsspTestService", "confirmVoucher"));
        call.addParameter("certid", XMLType.SOAP_STRING, ParameterMode.IN);
        call.addParameter("admDivCode", XMLType.XSD_STRING, ParameterMode.IN);
        call.addParameter("stYear", XMLType.XSD_INT, ParameterMode.IN);
        call.addParameter("vtCode", XMLType.SOAP_STRING, ParameterMode.IN);
        call.addParameter("voucherNos", XMLType.SOAP_ARRAY, ParameterMode.IN);
        call.setReturnType(XMLType.XSD_INT);
        Object r = call.invoke(new Object[] {"001", "210000", 2024, "5201", new String[] {"V9", null}});

        Seen seen = SEEN.get("confirmVoucher");
        save("confirmVoucher-named.xml", seen.body());
        assertEquals(2, r);
        assertArrayEquals(new String[] {"V9", null}, (String[]) seen.args()[4]);
        String xml = new String(seen.body(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<certid "), xml);
    }

    @Test
    void bytesTravelBothWays() throws Exception {
        assertArrayEquals(ALL_BYTES, (byte[]) invoke("exportPDF", "001", "V001"));

        Object r = invoke("sendData", "001", ALL_BYTES);
        Seen seen = SEEN.get("sendData");
        save("sendData.xml", seen.body());
        assertEquals(Arrays.toString(ALL_BYTES), r);
    }

    @Test
    void stringsSurviveTheRoundTrip() throws Exception {
        for (String s : List.of("", " padded  ", "财政局 <a href=\"x\">&amp;</a> ]]> 'q'", "line1\nline2\ttab", "😀",
                "收款人𠀀𪚥")) {
            assertEquals(s, invoke("echo", s));
        }
        // Axis writes a CR raw, and XML parsing turns CR LF into LF (an Axis server lost it the same way).
        assertEquals("crlf\n", invoke("echo", "crlf\r\n"));
        assertEquals("crlf\n", SEEN.get("echo").args()[0]);
        // Axis writes the CJK Extension B characters as surrogate references; RpcReader joins them.
        invoke("echo", "收款人𠀀𪚥");
        save("echo.xml", SEEN.get("echo").body());
        assertTrue(new String(SEEN.get("echo").body(), StandardCharsets.US_ASCII).contains("&#xD840;&#xDC00;"));
    }

    @Test
    void nilTravelsBothWays() throws Exception {
        assertNull(invoke("echo", (Object) null));
        assertNull(SEEN.get("echo").args()[0]);
        assertNull(invoke("sendData", "001", null));
    }

    @Test
    void aMapOfStringsAndVoid() throws Exception {
        Map<?, ?> map = assertInstanceOf(HashMap.class, invoke("getStatus", "001"));
        assertEquals(Map.of("state", "running", "节点", "财政局 <&> \"q\"", "count", 3), map);
        assertNull(invoke("cancelAll", "001"));
        assertEquals(200, STATUS.get("cancelAll"));
    }

    @Test
    void aFaultReachesTheClientAsAxisFault() throws Exception {
        AxisFault f = assertThrows(AxisFault.class, () -> invoke("readVoucher", "001", "210000", 2024, "5201"));
        assertEquals(500, STATUS.get("readVoucher"));
        assertTrue(f.getMessage().contains("Exception: EVS100#参数不合法"), f.getMessage());
        assertEquals("java.lang.Exception: EVS100#参数不合法: readVoucher takes 5 arguments "
                + "(certID, admDivCode, stYear, vtCode, maxCount), got 4", f.getMessage());
        assertEquals("Server.userException", f.getFaultCode().getLocalPart());
        // The deployed clients' way of showing it:
        String shown = f.getMessage().substring(f.getMessage().indexOf("Exception:") + "Exception:".length()).strip();
        assertTrue(shown.startsWith("EVS100#"), shown);

        AxisFault type = assertThrows(AxisFault.class, () -> invoke("readVoucher", "001", "210000", "abc", "5201", 1));
        assertTrue(type.getMessage().contains("EVS101#参数类型错误: argument 3 (stYear) of readVoucher must be xsd:int, "
                + "got soapenc:string \"abc\""), type.getMessage());
    }

    @Test
    void axisGeneratesItsCallFromOurWsdl() throws Exception {
        Service service = new Service(new URL(url + "?wsdl"), new QName(Soap.SERVICE_NS, "AsspTestServiceService"));
        Call call = (Call) service.createCall(new QName(Soap.SERVICE_NS, "AsspTestService"), "confirmVoucher");
        Object r = call.invoke(new Object[] {"001", "210000", 2024, "5201", new String[] {"A", "B"}});

        save("confirmVoucher-wsdl.xml", SEEN.get("confirmVoucher").body());
        assertEquals(2, r);
        assertArrayEquals(new String[] {"A", "B"}, (String[]) SEEN.get("confirmVoucher").args()[4]);

        Call read = (Call) service.createCall(new QName(Soap.SERVICE_NS, "AsspTestService"), "readVoucher");
        Map<?, ?> map = assertInstanceOf(Map.class, read.invoke(new Object[] {"001", "210000", 2024, "5201", 1}));
        assertEquals("0", ((Object[]) map.get("V001"))[0]);
    }

    /**
     * The request exactly as it crossed the socket (HttpServer normalizes header names): a one-shot raw server
     * answers with a real response, and the bytes are saved as readVoucher.http.
     */
    @Test
    void theRawRequestLineAndHeaders() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> raw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    byte[] request = readRequest(s.getInputStream());
                    String text = new String(request, StandardCharsets.UTF_8);
                    byte[] body = Arrays.copyOfRange(request, text.indexOf("\r\n\r\n") + 4, request.length);
                    RpcCall call = RpcReader.read(body);
                    byte[] answer = RpcWriter.response(call.operation(), ReturnType.STRING, "ok");
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: " + RpcWriter.CONTENT_TYPE + "\r\nContent-Length: "
                            + answer.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(answer);
                    out.flush();
                    return request;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Call call = (Call) new Service().createCall();
            call.setTargetEndpointAddress(new URL("http://127.0.0.1:" + ss.getLocalPort() + PATH));
            call.setOperationName("readVoucher");
            assertEquals("ok", call.invoke(new Object[] {"001", "210000", 2024, "5201", 100}));

            byte[] request = raw.get(10, TimeUnit.SECONDS);
            save("readVoucher.http", request);
            String head = new String(request, StandardCharsets.US_ASCII).split("\r\n\r\n", 2)[0];
            List<String> lines = List.of(head.split("\r\n"));
            assertEquals("POST " + PATH + " HTTP/1.0", lines.get(0));
            assertTrue(lines.contains("SOAPAction: \"\""), head);
            assertTrue(lines.contains("Content-Type: text/xml; charset=utf-8"), head);
        }
    }

    /** Headers up to the blank line, then Content-Length bytes of body. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int contentLength = -1;
        int headEnd = -1;
        byte[] chunk = new byte[8192];
        while (true) {
            if (headEnd < 0) {
                String sofar = buf.toString(StandardCharsets.ISO_8859_1);
                int end = sofar.indexOf("\r\n\r\n");
                if (end >= 0) {
                    headEnd = end + 4;
                    for (String line : sofar.substring(0, end).split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            contentLength = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && buf.size() >= headEnd + contentLength) {
                return buf.toByteArray();
            }
            int n = in.read(chunk);
            if (n < 0) {
                return buf.toByteArray();
            }
            buf.write(chunk, 0, n);
        }
    }
}
