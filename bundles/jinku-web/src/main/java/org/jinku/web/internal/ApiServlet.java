package org.jinku.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;

/**
 * The REST API under {@code /jinku/api}. See docs/rest-api.md for every route. Errors are JSON
 * {@code {"error": CODE, "message": …, "fieldErrors": [...]}} with a status that says what kind:
 * 400 bad input, 403 not allowed, 404 unknown, 409 conflicts with what is stored.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/jinku/api/*")
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final int MAX_BODY = 16 * 1024 * 1024;

    @Reference
    private transient NodeDirectory directory;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        List<String> p = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        try {
            Object result = route(req.getMethod(), p, req, resp);
            if (result == null) {
                throw new NotFound("no route " + req.getMethod() + " " + path);
            }
            write(resp, resp.getStatus() == 0 ? 200 : resp.getStatus(), result);
        } catch (JinkuException e) {
            write(resp, status(e.code()), JsonViews.error(e));
        } catch (NotFound e) {
            write(resp, 404, VoucherJson.MAPPER.createObjectNode().put("error", "NOT_FOUND").put("message", e.getMessage()));
        } catch (IllegalArgumentException e) {
            write(resp, 400, JsonViews.error(new JinkuException(RejectCode.INVALID_FIELD, e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("REST {} {} failed", req.getMethod(), path, e);
            resp.setStatus(500);
            write(resp, 500, VoucherJson.MAPPER.createObjectNode().put("error", "INTERNAL")
                    .put("message", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Object route(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (p.isEmpty() || !p.get(0).equals("nodes")) {
            return null;
        }
        if (p.size() == 1 && method.equals("GET")) {
            return directory.nodes().stream().map(JsonViews::node).toList();
        }
        Node node = directory.require(p.get(1));
        if (p.size() == 2 && method.equals("GET")) {
            return JsonViews.node(node);
        }
        String what = p.get(2);
        if (p.size() == 3) {
            switch (method + " " + what) {
                case "POST vouchers" -> {
                    Voucher v = VoucherJson.read(limited(req));
                    VoucherView view = node.submit(v);
                    resp.setStatus(201);
                    resp.setHeader("Location", req.getRequestURI() + "/" + view.key());
                    return JsonViews.voucher(view);
                }
                case "GET vouchers" -> {
                    return node.list(intParam(req, "limit", 100, 1, 10_000)).stream().map(JsonViews::voucher).toList();
                }
                case "GET status-counts" -> {
                    return JsonViews.counts(node.statusCounts());
                }
                case "GET rejections" -> {
                    return JsonViews.rejections(node.rejections(intParam(req, "limit", 100, 1, 10_000)));
                }
                default -> {
                    return null;
                }
            }
        }
        if (!what.equals("vouchers") || p.size() < 7) {
            return null;
        }
        VoucherKey key = VoucherKey.parse(String.join("/", p.subList(3, 7)));
        String action = p.size() > 7 ? p.get(7) : "";
        switch (method + " " + action) {
            case "GET " -> {
                int flag = intParam(req, "flag", 0, 0, 1);
                return JsonViews.voucher(node.find(key, flag).orElseThrow(() -> new JinkuException(
                        RejectCode.UNKNOWN_VOUCHER,
                        (flag == 0 ? "voucher " : "receipt ") + key + " is not stored at " + node.name())));
            }
            case "GET content" -> {
                int flag = intParam(req, "flag", 0, 0, 1);
                return VoucherJson.toTree(node.content(key, flag).orElseThrow(() -> new JinkuException(
                        RejectCode.UNKNOWN_VOUCHER, "voucher " + key + " is not stored at " + node.name())));
            }
            case "GET events" -> {
                return JsonViews.events(node.history(key));
            }
            case "GET history-check" -> {
                return VoucherJson.MAPPER.createObjectNode().put("key", key.toString())
                        .put("intact", node.historyIntact(key));
            }
            case "POST signatures" -> {
                return JsonViews.voucher(node.sign(key, text(body(req), "user")));
            }
            case "POST accept" -> {
                return JsonViews.voucher(node.accept(key, text(body(req), "actor")));
            }
            case "POST refuse" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.refuse(key, text(b, "actor"), text(b, "reason")));
            }
            case "POST return" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.returnVoucher(key, text(b, "actor"), text(b, "reason")));
            }
            default -> {
                return null;
            }
        }
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        try {
            return VoucherJson.MAPPER.readTree(limited(req));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The request body, refused beyond MAX_BODY whether it declares its length or comes chunked. */
    private static InputStream limited(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new JinkuException(RejectCode.OVERSIZED, "request body exceeds " + MAX_BODY + " bytes");
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new JinkuException(RejectCode.OVERSIZED, "request body exceeds " + MAX_BODY + " bytes");
        }
        return new java.io.ByteArrayInputStream(body);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "request needs a string field '" + field + "'");
        }
        String text = v.asText();
        if (!"reason".equals(field) && !text.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new JinkuException(RejectCode.INVALID_FIELD, field + " must be 1-64 of [A-Za-z0-9._@-]");
        }
        return text;
    }

    private static int intParam(HttpServletRequest req, String name, int def, int min, int max) {
        String v = req.getParameter(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("parameter " + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    static int status(RejectCode code) {
        return switch (code) {
            case UNKNOWN_VOUCHER, UNKNOWN_NODE -> 404;
            case NOT_AUTHORIZED -> 403;
            case DUPLICATE_VOUCHER, WRONG_STATE, SAME_SIGNER_TWICE -> 409;
            case OVERSIZED -> 413;
            default -> 400;
        };
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        VoucherJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(resp.getOutputStream(), body);
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }
}
