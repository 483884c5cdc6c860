package org.jinku.adapter.legacysoap.internal.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A deployed front-end's side of the voucher library's SOAP API, written as Apache Axis 1.4 sends a call
 * ({@code call.setOperationName} + {@code call.invoke(Object[])}): HTTP/1.0 with a new connection per call,
 * {@code SOAPAction: ""}, arguments {@code arg0…argN} with strings as {@code soapenc:string}, ints as
 * {@code multiRef}s after the operation element and {@code String[]} as {@code soapenc:Array}, non-ASCII as
 * character references, and the account's HTTP Basic login. It shares nothing with the server's classes, so
 * what it measures is what a front-end in service meets.
 */
final class AxisClient {

    private static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String ENC = "http://schemas.xmlsoap.org/soap/encoding/";
    private static final String STRING = " xsi:type=\"soapenc:string\" xmlns:soapenc=\"" + ENC + "\"";
    private static final int TIMEOUT_MILLIS = 120_000;

    /** One answer: the HTTP status, the body, and what the call took. */
    record Answer(int status, byte[] body, long nanos) {

        /** The fault's message, or null when the call succeeded. */
        String fault() {
            return status == 200 ? null : element("faultstring");
        }

        /** The base64 return of the operation decoded, or null when it returned nil. */
        byte[] base64(String operation) {
            String text = element(operation + "Return");
            return text == null || text.isBlank() ? null : Base64.getMimeDecoder().decode(text.trim());
        }

        private String element(String localName) {
            XMLInputFactory f = XMLInputFactory.newFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            try {
                XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(body));
                while (r.hasNext()) {
                    if (r.next() == XMLStreamReader.START_ELEMENT && r.getLocalName().equals(localName)) {
                        return r.getElementText();
                    }
                }
                return null;
            } catch (XMLStreamException e) {
                throw new IllegalStateException("HTTP " + status + " with a body that is not XML: "
                        + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8), e);
            }
        }
    }

    private final String host;
    private final int port;
    private final String path;
    private final String authorization;

    AxisClient(String host, int port, String service, String account, char[] password) {
        this.host = host;
        this.port = port;
        this.path = "/realware/services/" + service;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    /** Calls {@code operation} with String, Integer and String[] arguments, in order. */
    Answer call(String operation, Object... args) throws IOException {
        byte[] body = envelope(operation, args).getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.0\r\n"
                + "Content-Type: text/xml; charset=utf-8\r\n"
                + "Accept: application/soap+xml, application/dime, multipart/related, text/*\r\n"
                + "User-Agent: Axis/1.4\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Pragma: no-cache\r\n"
                + "SOAPAction: \"\"\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] response = in.readAllBytes(); // HTTP/1.0: the server closes after its answer
            long nanos = System.nanoTime() - t0;
            return parse(response, nanos);
        }
    }

    private static Answer parse(byte[] response, long nanos) throws IOException {
        int split = -1;
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                split = i;
                break;
            }
        }
        if (split < 0) {
            throw new IOException("no HTTP answer: " + new String(response, 0, Math.min(response.length, 200),
                    StandardCharsets.ISO_8859_1));
        }
        String statusLine = new String(response, 0, split, StandardCharsets.ISO_8859_1).lines().findFirst()
                .orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        byte[] body = java.util.Arrays.copyOfRange(response, split + 4, response.length);
        return new Answer(Integer.parseInt(parts[1]), body, nanos);
    }

    /** The request body exactly as Axis 1.4 lays it out (see the adapter's src/test/resources/axis captures). */
    static String envelope(String operation, Object... args) {
        StringBuilder x = new StringBuilder(512 + 32 * args.length);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"").append(ENV)
                .append("\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><").append(operation)
                .append(" soapenv:encodingStyle=\"").append(ENC).append("\">");
        List<String> multiRefs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = "arg" + i;
            Object a = args[i];
            if (a instanceof String s) {
                x.append('<').append(arg).append(STRING).append('>').append(escape(s)).append("</").append(arg)
                        .append('>');
            } else if (a instanceof Integer n) {
                String id = "id" + multiRefs.size();
                x.append('<').append(arg).append(" href=\"#").append(id).append("\"/>");
                multiRefs.add("<multiRef id=\"" + id + "\" soapenc:root=\"0\" soapenv:encodingStyle=\"" + ENC
                        + "\" xsi:type=\"soapenc:int\" xmlns:soapenc=\"" + ENC + "\">" + n + "</multiRef>");
            } else if (a instanceof String[] array) {
                x.append('<').append(arg).append(" soapenc:arrayType=\"soapenc:string[").append(array.length)
                        .append("]\" xsi:type=\"soapenc:Array\" xmlns:soapenc=\"").append(ENC).append("\">");
                for (String s : array) {
                    x.append('<').append(arg).append(" xsi:type=\"soapenc:string\">").append(escape(s))
                            .append("</").append(arg).append('>');
                }
                x.append("</").append(arg).append('>');
            } else {
                throw new IllegalArgumentException("argument " + i + ": String, Integer or String[], not " + a);
            }
        }
        x.append("</").append(operation).append('>');
        // Axis writes the multiRefs last-referenced first.
        for (int i = multiRefs.size() - 1; i >= 0; i--) {
            x.append(multiRefs.get(i));
        }
        return x.append("</soapenv:Body></soapenv:Envelope>").toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x80) {
                        b.append((char) c);
                    } else {
                        b.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
                    }
                }
            }
        });
        return b.toString();
    }
}
