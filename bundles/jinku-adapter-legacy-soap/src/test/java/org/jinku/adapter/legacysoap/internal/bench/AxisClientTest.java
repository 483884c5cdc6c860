package org.jinku.adapter.legacysoap.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;
import org.jinku.adapter.legacysoap.internal.soap.ReturnType;
import org.jinku.adapter.legacysoap.internal.soap.RpcWriter;

/** The bench's client writes what a real Axis 1.4 client wrote (the captures in src/test/resources/axis). */
class AxisClientTest {

    @Test
    void readVoucherIsWrittenAsAxisWroteIt() throws Exception {
        assertEquals(capture("readVoucher"), AxisClient.envelope("readVoucher", "001", "210000", 2024, "5201", 100));
    }

    @Test
    void confirmVoucherWithAStringArrayAndChineseIsWrittenAsAxisWroteIt() throws Exception {
        assertEquals(capture("confirmVoucher"), AxisClient.envelope("confirmVoucher", "001", "210000", 2024, "5201",
                new String[] {"V001", "V002", "凭证3"}));
    }

    @Test
    void aCallIsOneHttp10RequestWithBasicLoginAndItsAnswerIsRead() throws Exception {
        String mof = "<?xml version=\"1.0\" encoding=\"GBK\"?><MOF><VoucherCount>2</VoucherCount>"
                + "<VoucherBody AdmDivCode=\"210000\" StYear=\"2026\" VtCode=\"5201\" VoucherNo=\"凭证1\"><Voucher>x</Voucher>"
                + "</VoucherBody><VoucherBody AdmDivCode=\"210000\" StYear=\"2026\" VtCode=\"5201\" VoucherNo=\"V2\">"
                + "<Voucher>y</Voucher></VoucherBody></MOF>";
        byte[] answer = RpcWriter.response("readVoucher", ReturnType.BASE64, mof.getBytes(Charset.forName("GBK")));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serveOnce(server, 200, answer);
            AxisClient client = new AxisClient("127.0.0.1", server.getLocalPort(), "AsspPBankService", "yh01",
                    "jinku2026".toCharArray());
            AxisClient.Answer a = client.call("readVoucher", "105", "210000", 2026, "5201", 100);
            String head = request.get();
            assertTrue(head.startsWith("POST /realware/services/AsspPBankService HTTP/1.0\r\n"), head);
            assertTrue(head.contains("\r\nSOAPAction: \"\"\r\n"), head);
            assertTrue(head.contains("\r\nUser-Agent: Axis/1.4\r\n"), head);
            assertTrue(head.contains("\r\nAuthorization: Basic eWgwMTpqaW5rdTIwMjY=\r\n"), head);
            assertEquals(200, a.status());
            assertNull(a.fault());
            assertEquals(List.of("凭证1", "V2"), SoapBenchCommand.voucherNos(a));
        }
    }

    @Test
    void aFaultIsReadWithItsCodeAndANilReturnIsNoVouchers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, 500, RpcWriter.fault(new LegacyFault(Evs.ALREADY_CONFIRMED, "voucher V1 was confirmed")));
            AxisClient.Answer a = new AxisClient("127.0.0.1", server.getLocalPort(), "AsspPBankService", "yh01",
                    "x".toCharArray()).call("confirmVoucher", "105", "210000", 2026, "5201", new String[] {"V1"});
            assertEquals(500, a.status());
            assertTrue(a.fault().contains("Exception: " + Evs.ALREADY_CONFIRMED.code() + "#"), a.fault());
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, 200, RpcWriter.response("readVoucher", ReturnType.BASE64, null));
            AxisClient.Answer a = new AxisClient("127.0.0.1", server.getLocalPort(), "AsspPBankService", "yh01",
                    "x".toCharArray()).call("readVoucher", "105", "210000", 2026, "5201", 1);
            assertNull(a.base64("readVoucher"));
            assertEquals(List.of(), SoapBenchCommand.voucherNos(a));
        }
    }

    /** Answers one request with {@code body}, as Jetty answers HTTP/1.0: then closes; returns the request's head. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, int status, byte[] body) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    head.write(in.read());
                }
                String h = head.toString(StandardCharsets.ISO_8859_1);
                int length = Integer.parseInt(h.replaceAll("(?s).*\r\nContent-Length: (\\d+)\r\n.*", "$1"));
                in.readNBytes(length);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                return h;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String capture(String op) throws Exception {
        try (InputStream in = AxisClientTest.class.getResourceAsStream("/axis/" + op + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
