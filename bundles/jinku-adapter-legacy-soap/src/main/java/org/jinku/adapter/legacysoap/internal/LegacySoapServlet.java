package org.jinku.adapter.legacysoap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.adapter.legacysoap.internal.soap.Operation;
import org.jinku.adapter.legacysoap.internal.soap.RpcCall;
import org.jinku.adapter.legacysoap.internal.soap.RpcReader;
import org.jinku.adapter.legacysoap.internal.soap.RpcWriter;
import org.jinku.adapter.legacysoap.internal.soap.Wsdl;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Authenticator;
import org.jinku.api.security.Operator;

/**
 * The deployed library's endpoints, {@code /realware/services/Assp*Service}: a POST is one SOAP 1.1 RPC call,
 * a GET with {@code ?wsdl} the service description. Each endpoint serves the node the adapter's cfg names for it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/realware/services/*")
// A name of its own: pax-web refuses a second servlet under the default name javax.servlet.Servlet.
@HttpWhiteboardServletName("jinku-legacy-soap")
public class LegacySoapServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LegacySoapServlet.class);
    /** A 3 MB attachment is 4 MB as base64; the largest call is that plus its envelope. */
    static final int MAX_REQUEST_BYTES = 6 * 1024 * 1024;

    @Reference
    transient LegacySoapAdapter adapter;
    @Reference
    transient NodeDirectory nodes;
    @Reference
    transient Authenticator authenticator;
    @Reference
    transient AuditLog audit;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String service = serviceName(req);
        if (service == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such service; these are served: "
                    + adapter.settings().services().keySet());
            return;
        }
        String url = req.getRequestURL().toString();
        byte[] body;
        if (req.getQueryString() != null && req.getQueryString().toLowerCase().startsWith("wsdl")) {
            body = Wsdl.of(service, url, adapter.service().operations()).getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/xml; charset=utf-8");
        } else {
            body = ("<html><body><h1>" + service + "</h1><p>Jinku serves the voucher library's SOAP API here for node "
                    + adapter.settings().services().get(service) + ". <a href=\"?wsdl\">WSDL</a></p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/html; charset=utf-8");
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String service = serviceName(req);
        String op = "?";
        byte[] answer;
        int status = HttpServletResponse.SC_OK;
        Operator operator = null;
        String outcome = "OK";
        try {
            if (service == null) {
                throw new LegacyFault(Evs.UNKNOWN_OPERATION, "no service at " + req.getRequestURI() + "; these are"
                        + " served: " + adapter.settings().services().keySet());
            }
            operator = login(req);
            Node node = boundNode(service);
            if (!operator.onNode(node.name())) {
                throw new LegacyFault(Evs.NOT_AUTHORIZED, operator.name() + " holds no post on node " + node.name()
                        + " (entry@, review@ or seal@" + node.name() + ")");
            }
            RpcCall call = RpcReader.read(readBody(req));
            op = call.operation();
            String name = op;
            LegacyVoucherService.Op handler = adapter.service().op(op).orElseThrow(() -> new LegacyFault(
                    Evs.UNKNOWN_OPERATION, "operation '" + name + "' is not part of the voucher library's API"));
            Operation operation = handler.operation();
            Object result = handler.handler().handle(
                    new LegacyVoucherService.Call(node, operation.bind(call), operator));
            answer = RpcWriter.response(op, operation.returns(), result);
        } catch (LegacyFault f) {
            LOG.info("legacy-soap {} {}: {}", service, op, f.getMessage());
            answer = RpcWriter.fault(f);
            outcome = "FAILED " + f.evs().code();
            if (f.evs() == Evs.NOT_AUTHENTICATED) {
                // Axis clients report the HTTP status; 401 with a challenge tells them to send the account
                status = HttpServletResponse.SC_UNAUTHORIZED;
                resp.setHeader("WWW-Authenticate", "Basic realm=\"jinku\"");
            } else {
                status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            }
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("legacy-soap {} {}: error id {}", service, op, id, e);
            answer = RpcWriter.fault(new LegacyFault(Evs.INTERNAL, "error id " + id + " (see the Karaf log)"));
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            outcome = "FAILED " + Evs.INTERNAL.code();
        }
        if (operator != null || status == HttpServletResponse.SC_UNAUTHORIZED) {
            audit.append(operator == null ? "-" : operator.name(), "soap", "SOAP " + op,
                    service == null ? req.getRequestURI() : service, outcome, null);
        }
        resp.setStatus(status);
        resp.setContentType("text/xml; charset=utf-8");
        resp.setContentLength(answer.length);
        resp.getOutputStream().write(answer);
    }

    /**
     * The account of the call, from HTTP Basic (Axis: {@code call.setUsername/setPassword}), checked by the same
     * login as the console and the shell: failures count towards the lockout.
     */
    private Operator login(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new LegacyFault(Evs.NOT_AUTHENTICATED, "send the operator's account with HTTP Basic authentication");
        }
        String pair;
        try {
            pair = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new LegacyFault(Evs.NOT_AUTHENTICATED, "the Authorization header is not base64");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw new LegacyFault(Evs.NOT_AUTHENTICATED, "the Authorization header carries no name:password");
        }
        char[] password = pair.substring(colon + 1).toCharArray();
        try {
            return authenticator.login(pair.substring(0, colon), password, "soap", req.getRemoteAddr());
        } catch (JinkuException e) {
            throw new LegacyFault(Evs.NOT_AUTHENTICATED, e.code() + ": " + e.getMessage());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The node the cfg names for this endpoint; it must be running and bind this adapter. */
    private Node boundNode(String service) {
        String name = adapter.settings().services().get(service);
        if (name == null) {
            throw new LegacyFault(Evs.NOT_BOUND, service + " serves no node: set service." + service
                    + " = <node> in etc/jinku.adapter.legacysoap.cfg");
        }
        Node node = nodes.node(name).orElseThrow(() -> new LegacyFault(Evs.NOT_BOUND, service + " serves node " + name
                + ", which is not running"));
        Optional<String> bound = node.adapterId();
        if (!bound.equals(Optional.of(LegacySoapAdapter.ID))) {
            throw new LegacyFault(Evs.NOT_BOUND, "node " + name + " binds " + bound.map(a -> "adapter " + a)
                    .orElse("no adapter") + "; set adapter.target = (jinku.adapter=" + LegacySoapAdapter.ID + ") in"
                    + " etc/jinku.node-" + name + ".cfg so that its front-end answers its vouchers");
        }
        return node;
    }

    private static String serviceName(HttpServletRequest req) {
        String path = req.getPathInfo();
        if (path == null) {
            return null;
        }
        String name = path.startsWith("/") ? path.substring(1) : path;
        for (String s : LegacySettings.SERVICES) {
            if (s.equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_REQUEST_BYTES) {
            throw new LegacyFault(Evs.MALFORMED_REQUEST, "request of " + req.getContentLengthLong()
                    + " bytes; at most " + MAX_REQUEST_BYTES + " (a 3 MB attachment in base64 and its envelope)");
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            if (body.length > MAX_REQUEST_BYTES) {
                throw new LegacyFault(Evs.MALFORMED_REQUEST, "request over " + MAX_REQUEST_BYTES + " bytes");
            }
            return body;
        }
    }
}
