package org.jinku.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.FieldError;
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
 * 400 bad input, 403 not allowed, 404 unknown, 409 conflicts with what is stored. Anything else is a
 * fault of ours: 500 with an error id under which the detail is logged, never the exception itself.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/jinku/api/*")
// A name of its own: pax-web refuses a second servlet under the default name javax.servlet.Servlet.
@HttpWhiteboardServletName("jinku-rest-api")
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final SecureRandom IDS = new SecureRandom();

    @Reference
    private transient NodeDirectory directory;
    @Reference
    private transient org.jinku.api.spi.VoucherCatalog catalog;

    public ApiServlet() {
    }

    /** For tests. */
    ApiServlet(NodeDirectory directory, org.jinku.api.spi.VoucherCatalog catalog) {
        this.directory = directory;
        this.catalog = catalog;
    }

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
            if (status(e.code()) >= 500) {
                // e.g. INTERNAL_ERROR from a node: its message names the node's own error id, no internals
                LOG.error("REST {} {} failed: {}", req.getMethod(), path, e.getMessage(), e);
            }
            write(resp, status(e.code()), JsonViews.error(e));
        } catch (NotFound e) {
            write(resp, 404, VoucherJson.MAPPER.createObjectNode().put("error", "NOT_FOUND").put("message", e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // A bug or an outage: the caller gets an id to quote, the log gets the detail.
            String errorId = String.format("%08x", IDS.nextInt());
            LOG.error("REST {} {} failed, error id {}", req.getMethod(), path, errorId, e);
            write(resp, 500, internalError(errorId));
        }
    }

    static com.fasterxml.jackson.databind.node.ObjectNode internalError(String errorId) {
        return VoucherJson.MAPPER.createObjectNode().put("error", RejectCode.INTERNAL_ERROR.name())
                .put("message", "internal error, see the log under error id " + errorId).put("errorId", errorId);
    }

    private Object route(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (p.size() == 1 && p.get(0).equals("types") && method.equals("GET")) {
            return catalog.types().stream().map(JsonViews::type).toList();
        }
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
        if (what.equals("certificates") || what.equals("crls")) {
            return trust(method, p, node, req);
        }
        if (what.equals("seals")) {
            return seals(method, p, node, req, resp);
        }
        if (p.size() == 3) {
            switch (method + " " + what) {
                case "POST vouchers" -> {
                    JsonNode tree = readJson(req);
                    Voucher v = voucher(tree);
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
                case "GET parked" -> {
                    return JsonViews.parked(node.parked(intParam(req, "limit", 100, 1, 10_000)));
                }
                case "GET ledger" -> {
                    return VoucherJson.MAPPER.valueToTree(node.ledger());
                }
                case "GET commands" -> {
                    return node.commands();
                }
                default -> {
                    return null;
                }
            }
        }
        if (what.equals("commands") && p.size() == 4 && method.equals("POST")) {
            JsonNode b = body(req);
            Map<String, String> args = new java.util.LinkedHashMap<>();
            b.path("args").fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
            return VoucherJson.MAPPER.createObjectNode().put("command", p.get(3))
                    .put("result", node.runCommand(p.get(3), args));
        }
        if (what.equals("parked")) {
            return parked(method, p, node, req);
        }
        if (!what.equals("vouchers") || p.size() < 7) {
            return null;
        }
        VoucherKey key;
        try {
            key = VoucherKey.parse(String.join("/", p.subList(3, 7)));
        } catch (IllegalArgumentException e) {
            throw invalid("key", "format", e.getMessage());
        }
        String action = p.size() > 7 ? p.get(7) : "";
        if (p.size() == 9 && method.equals("POST") && action.equals("stamp") && p.get(8).equals("cancel")) {
            JsonNode b = body(req);
            return JsonViews.voucher(node.cancelStamp(key, text(b, "position"), text(b, "actor")));
        }
        if (p.size() > 8) {
            return null;
        }
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
                JsonNode b = body(req);
                return JsonViews.voucher(node.sign(key, text(b, "user"), pin(b)));
            }
            case "POST stamp" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.stamp(key, text(b, "position"), text(b, "user"), pin(b)));
            }
            case "GET stamps" -> {
                int flag = intParam(req, "flag", 0, 0, 1);
                ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("key", key.toString()).put("flag", flag);
                ObjectNode stamps = o.putObject("stamps");
                node.stamps(key, flag).forEach(stamps::put);
                return o;
            }
            case "POST accept" -> {
                return JsonViews.voucher(node.accept(key, text(body(req), "actor")));
            }
            case "POST refuse" -> {
                JsonNode b = body(req);
                if (b.hasNonNull("code")) {
                    RejectCode code;
                    try {
                        code = RejectCode.valueOf(b.get("code").asText());
                    } catch (IllegalArgumentException e) {
                        throw invalid("code", "enum", "unknown reject code '" + b.get("code").asText() + "'");
                    }
                    return JsonViews.voucher(node.refuse(key, text(b, "actor"), code, text(b, "reason")));
                }
                return JsonViews.voucher(node.refuse(key, text(b, "actor"), text(b, "reason")));
            }
            case "POST refuse-receipt" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.refuseReceipt(key, text(b, "actor"), text(b, "reason")));
            }
            case "POST return-receipt" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.returnReceipt(key, text(b, "actor"), text(b, "reason")));
            }
            case "POST void" -> {
                JsonNode b = body(req);
                return JsonViews.voucher(node.voidVoucher(key, text(b, "actor"), text(b, "reason")));
            }
            case "POST resend" -> {
                JsonNode b = body(req);
                int flag = b.hasNonNull("flag") ? b.get("flag").asInt(-1) : 0;
                if (flag != 0 && flag != 1) {
                    throw invalid("flag", "enum", "flag is 0 (the voucher) or 1 (its 回单)");
                }
                return JsonViews.voucher(node.resend(key, flag, text(b, "actor")));
            }
            case "GET envelope" -> {
                int flag = intParam(req, "flag", 0, 0, 1);
                byte[] mof = node.envelope(key, flag).orElseThrow(() -> new JinkuException(
                        RejectCode.UNKNOWN_VOUCHER, "voucher " + key + " is not stored at " + node.name()));
                return VoucherJson.MAPPER.createObjectNode().put("key", key.toString()).put("flag", flag)
                        .put("envelopeBase64", java.util.Base64.getEncoder().encodeToString(mof));
            }
            case "GET versions" -> {
                return node.versions(key).stream().map(JsonViews::voucher).toList();
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

    /**
     * {@code POST parked/{id}/retry}, {@code POST parked/{id}/discard} and {@code DELETE parked/{id}}; the
     * actor comes from the JSON body or, for DELETE, the {@code actor} query parameter.
     */
    private static Object parked(String method, List<String> p, Node node, HttpServletRequest req) throws IOException {
        if (p.size() < 4 || p.size() > 5) {
            return null;
        }
        String id = p.get(3);
        String action = p.size() == 5 ? p.get(4) : "";
        switch (method + " " + action) {
            case "POST retry" -> {
                node.retryParked(id, actor(req));
                return VoucherJson.MAPPER.createObjectNode().put("id", id).put("result", "RETRIED");
            }
            case "POST discard", "DELETE " -> {
                node.discardParked(id, actor(req));
                return VoucherJson.MAPPER.createObjectNode().put("id", id).put("result", "DISCARDED");
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * {@code GET certificates}, {@code POST certificates/report-lost} {holder, actor} (挂失), {@code GET crls} and
     * {@code POST crls/publish} {actor}.
     */
    private static Object trust(String method, List<String> p, Node node, HttpServletRequest req) throws IOException {
        String route = method + " " + String.join("/", p.subList(2, p.size()));
        switch (route) {
            case "GET certificates" -> {
                return node.certificates().stream().map(JsonViews::certificate).toList();
            }
            case "POST certificates/report-lost" -> {
                JsonNode b = body(req);
                return JsonViews.issued(node.reportLost(text(b, "holder"), text(b, "actor")));
            }
            case "GET crls" -> {
                ObjectNode o = VoucherJson.MAPPER.createObjectNode();
                node.crls().forEach(o::put);
                return o;
            }
            case "POST crls/publish" -> {
                JsonNode b = body(req);
                String actor = text(b, "actor");
                node.publishCrl(actor);
                ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("result", "PUBLISHED").put("actor", actor);
                ObjectNode crls = o.putObject("crls");
                node.crls().forEach(crls::put);
                return o;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The e-seals (电子印章) of the node: {@code GET seals}, {@code POST seals} {name, position, pngBase64, actor}
     * (申请), {@code POST seals/{id}/approve|make|register} {actor}, {@code POST seals/{id}/change}
     * {pngBase64, actor} (变更) and {@code POST seals/{id}/revoke} {actor, reason} (废止).
     */
    private static Object seals(String method, List<String> p, Node node, HttpServletRequest req,
                                HttpServletResponse resp) throws IOException {
        if (p.size() == 3) {
            switch (method) {
                case "GET" -> {
                    return node.seals().stream().map(JsonViews::seal).toList();
                }
                case "POST" -> {
                    JsonNode b = body(req);
                    org.jinku.api.SealView v = node.applySeal(label(b, "name", 100), text(b, "position"),
                            png(b), text(b, "actor"));
                    resp.setStatus(201);
                    resp.setHeader("Location", req.getRequestURI() + "/" + v.sealId());
                    return JsonViews.seal(v);
                }
                default -> {
                    return null;
                }
            }
        }
        if (p.size() != 5 || !method.equals("POST")) {
            return null;
        }
        String id = p.get(3);
        JsonNode b = body(req);
        org.jinku.api.SealView v = switch (p.get(4)) {
            case "approve" -> node.approveSeal(id, text(b, "actor"));
            case "make" -> node.makeSeal(id, text(b, "actor"));
            case "register" -> node.registerSeal(id, text(b, "actor"));
            case "change" -> node.changeSeal(id, png(b), text(b, "actor"));
            case "revoke" -> node.revokeSeal(id, text(b, "actor"), text(b, "reason"));
            default -> null;
        };
        return v == null ? null : JsonViews.seal(v);
    }

    /**
     * The optional {@code pin} of a key container: null when absent (the node then relies on the provider's PIN
     * cache, off by default). Never echoed back, not even in an error.
     */
    static String pin(JsonNode body) {
        JsonNode v = body.get("pin");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("pin", "type", "pin must be a string (write \"012345\", not a number)");
        }
        String pin = v.asText();
        if (pin.isEmpty() || pin.length() > 64 || pin.chars().anyMatch(Character::isISOControl)) {
            throw invalid("pin", "format", "pin must be 1-64 characters, no control characters");
        }
        return pin;
    }

    /** A free-text field such as a seal's name (Chinese welcome): required, at most {@code max} characters. */
    private static String label(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
            throw invalid(field, "required", "request needs a non-blank string field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw invalid(field, "type", field + " must be a string, not " + v.getNodeType().name().toLowerCase());
        }
        String text = v.asText().strip();
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "format", field + " must be at most " + max + " characters, no control characters");
        }
        return text;
    }

    /** The seal image of {@code pngBase64}: base64 of a PNG file. */
    static byte[] png(JsonNode body) {
        JsonNode v = body.get("pngBase64");
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw invalid("pngBase64", "required", "request needs 'pngBase64', the seal image as base64 of a PNG file");
        }
        byte[] png;
        try {
            // line breaks allowed (some clients wrap at 76), anything else outside the alphabet is refused
            png = java.util.Base64.getDecoder().decode(v.asText().replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_BASE64, "pngBase64 is not base64: " + e.getMessage(),
                    List.of(new FieldError("pngBase64", "format", "not base64")), null);
        }
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (png.length < magic.length || !Arrays.equals(Arrays.copyOf(png, magic.length), magic)) {
            throw invalid("pngBase64", "format", "pngBase64 is not a PNG image (it must start with the PNG signature)");
        }
        return png;
    }

    private static String actor(HttpServletRequest req) throws IOException {
        String q = req.getParameter("actor");
        if (q != null) {
            return text(VoucherJson.MAPPER.createObjectNode().put("actor", q), "actor");
        }
        return text(body(req), "actor");
    }

    /** The body as a JSON object; an empty body is an empty object, so missing fields are named. */
    private static JsonNode body(HttpServletRequest req) throws IOException {
        JsonNode tree = readJson(req);
        if (tree == null || tree.isMissingNode()) {
            return VoucherJson.MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw invalid("", "type", "request body must be a JSON object");
        }
        return tree;
    }

    private static JsonNode readJson(HttpServletRequest req) {
        try {
            return VoucherJson.MAPPER.readTree(limited(req));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request is not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        } catch (IOException e) {
            // the client went away or sent a broken chunked body: nothing of ours to report
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request body could not be read");
        }
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * A voucher from the body, its shape checked here so that every wrong field is named with its path
     * ({@code PayAmt}, {@code DetailList[1].PayAmt}) before the catalogue validates the values.
     */
    static Voucher voucher(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw invalid("", "type", "a voucher is {\"header\": {field: value, …}, \"details\": [{field: value, …}, …]}");
        }
        JsonNode header = root.get("header");
        if (header == null || !header.isObject()) {
            errors.add(new FieldError("header", header == null ? "required" : "type", "header must be an object of strings"));
        } else {
            strings(header, "", errors);
        }
        JsonNode details = root.get("details");
        if (details != null && !details.isArray()) {
            errors.add(new FieldError("details", "type", "details must be an array of objects"));
        } else if (details != null) {
            for (int i = 0; i < details.size(); i++) {
                JsonNode line = details.get(i);
                if (!line.isObject()) {
                    errors.add(new FieldError("DetailList[" + i + "]", "type", "each detail line must be an object of strings"));
                } else {
                    strings(line, "DetailList[" + i + "].", errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        return VoucherJson.fromTree(root);
    }

    private static void strings(JsonNode obj, String prefix, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                errors.add(new FieldError(prefix + f.getKey(), "type", f.getKey() + " must be a string, not "
                        + f.getValue().getNodeType().name().toLowerCase() + " (write amounts as \"1234.50\")"));
            }
        }
    }

    private static JinkuException invalid(String field, String code, String message) {
        return new JinkuException(RejectCode.INVALID_FIELD, message, List.of(new FieldError(field, code, message)), null);
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
        if (v == null || v.isNull()) {
            throw invalid(field, "required", "request needs a string field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw invalid(field, "type", field + " must be a string, not " + v.getNodeType().name().toLowerCase());
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw invalid(field, "required", field + " must not be blank");
        }
        if (!"reason".equals(field) && !text.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw invalid(field, "format", field + " must be 1-64 of [A-Za-z0-9._@-]");
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
            throw invalid(name, "type", "parameter " + name + " must be a number");
        }
        if (n < min || n > max) {
            throw invalid(name, "range", "parameter " + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    static int status(RejectCode code) {
        return switch (code) {
            case UNKNOWN_VOUCHER, UNKNOWN_NODE -> 404;
            // a key container refusing its PIN or locked, a certificate reported lost: not allowed to sign
            case NOT_AUTHORIZED, WRONG_PIN, KEY_LOCKED, CERTIFICATE_REVOKED -> 403;
            // a seal not yet acknowledged by every peer, or revoked: conflicts with the seal's state
            case DUPLICATE_VOUCHER, WRONG_STATE, SAME_SIGNER_TWICE, SEAL_UNREGISTERED, SEAL_REVOKED -> 409;
            case OVERSIZED -> 413;
            case INTERNAL_ERROR -> 500;
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
