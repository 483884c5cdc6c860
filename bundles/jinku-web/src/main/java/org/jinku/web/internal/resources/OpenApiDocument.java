package org.jinku.web.internal.resources;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.ApiApplication;
import org.jinku.web.internal.security.AccessFilter;
import org.jinku.web.internal.security.AccessRule;
import org.jinku.web.rest.Summary;

/**
 * The OpenAPI 3.0.3 document of the API, read off the resource classes: one operation per resource method, with
 * its path parameters, query parameters, whether it takes a JSON body, its {@code summary} ({@link Summary}) and
 * who may call it ({@code x-roles}, the {@code @RolesAllowed} templates, or {@code x-public} for
 * {@code @PermitAll}). Built from the classes that serve, so it lists every route.
 */
public final class OpenApiDocument {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::[^{}]*(?:\\{[^{}]*}[^{}]*)*)?}");

    private OpenApiDocument() {
    }

    /** An operation: the resource method behind {@code method path}. */
    public record Operation(String path, String method, Method javaMethod) {
    }

    /** Every operation of the classes, by path then method. */
    public static List<Operation> operations(Collection<Class<?>> classes) {
        List<Operation> ops = new ArrayList<>();
        for (Class<?> c : classes) {
            Path base = c.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method m : c.getMethods()) {
                String http = httpMethod(m);
                if (http == null || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                ops.add(new Operation(path(base.value(), sub == null ? "" : sub.value()), http, m));
            }
        }
        ops.sort(Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return ops;
    }

    /** The document; {@code version} is the API's (the bundle's) version. */
    public static ObjectNode of(Collection<Class<?>> classes, String version) {
        ObjectNode doc = VoucherJson.MAPPER.createObjectNode().put("openapi", "3.0.3");
        doc.putObject("info").put("title", "Jinku REST API").put("version", version).put("description",
                "Electronic treasury vouchers. Log in with HTTP Basic, or POST /session and send the cookie "
                        + AccessFilter.COOKIE + " with the header " + AccessFilter.CSRF_HEADER + " on every write. "
                        + "x-roles: who may call (entry@{node}: that post on the node of the path; post@{node}: "
                        + "any post there; operator: any post anywhere). Errors: {error, message, fieldErrors}.");
        doc.putArray("servers").addObject().put("url", ApiApplication.BASE);
        ArrayNode security = doc.putArray("security");
        security.addObject().putArray("basic");
        security.addObject().putArray("session");
        Map<String, ObjectNode> paths = new TreeMap<>();
        for (Operation op : operations(classes)) {
            ObjectNode item = paths.computeIfAbsent(op.path(), p -> VoucherJson.MAPPER.createObjectNode());
            String key = op.method().toLowerCase(Locale.ROOT);
            if (!item.has(key)) {
                item.set(key, operation(op));
            }
        }
        ObjectNode p = doc.putObject("paths");
        paths.forEach(p::set);
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic");
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", AccessFilter.COOKIE);
        ObjectNode error = components.putObject("schemas").putObject("Error").put("type", "object");
        error.putArray("required").add("error").add("message");
        ObjectNode props = error.putObject("properties");
        props.putObject("error").put("type", "string").put("example", "NOT_AUTHORIZED");
        props.putObject("message").put("type", "string");
        props.putObject("fieldErrors").put("type", "array").putObject("items").put("type", "object");
        return doc;
    }

    private static ObjectNode operation(Operation op) {
        Method m = op.javaMethod();
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        String tag = m.getDeclaringClass().getSimpleName().replaceAll("Resource$", "");
        o.putArray("tags").add(tag);
        Summary summary = m.getAnnotation(Summary.class);
        o.put("summary", summary == null ? "" : summary.value());
        o.put("operationId", Character.toLowerCase(tag.charAt(0)) + tag.substring(1) + "_" + m.getName());
        ArrayNode params = o.putArray("parameters");
        Matcher t = TEMPLATE.matcher(op.path());
        while (t.find()) {
            params.addObject().put("name", t.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        boolean body = false;
        for (Parameter p : m.getParameters()) {
            QueryParam q = p.getAnnotation(QueryParam.class);
            if (q != null) {
                params.addObject().put("name", q.value()).put("in", "query").put("required", false)
                        .putObject("schema").put("type", "string");
            }
            body |= isEntity(p);
        }
        if (params.isEmpty()) {
            o.remove("parameters");
        }
        if (body) {
            o.putObject("requestBody").put("required", false).putObject("content")
                    .putObject("application/json").putObject("schema").put("type", "object");
        }
        AccessRule rule = AccessRule.of(m);
        ObjectNode responses = o.putObject("responses");
        responses.putObject("2XX").put("description", "success, JSON");
        responses.set("default", errorResponse("an error: 400 bad input, 404 unknown, 409 conflict, 413 too large, 500"));
        if (rule.open()) {
            o.putArray("security");
            o.put("x-public", true);
        } else {
            responses.set("401", errorResponse("NOT_AUTHENTICATED or ACCOUNT_LOCKED"));
            responses.set("403", errorResponse("NOT_AUTHORIZED (no role), CSRF"));
            ArrayNode roles = o.putArray("x-roles");
            rule.templates().forEach(roles::add);
        }
        return o;
    }

    private static ObjectNode errorResponse(String description) {
        ObjectNode r = VoucherJson.MAPPER.createObjectNode().put("description", description);
        r.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/Error");
        return r;
    }

    /** The entity parameter: the one without a JAX-RS annotation ({@code @PathParam}, {@code @Context}, …). */
    private static boolean isEntity(Parameter p) {
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().getPackageName().startsWith("javax.ws.rs")) {
                return false;
            }
        }
        return true;
    }

    /** GET, POST, … of a resource method (the annotations meta-annotated {@code @HttpMethod}). */
    static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** {@code nodes/{node}} + {@code {id: .+}/approve} → {@code /nodes/{node}/{id}/approve}. */
    static String path(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return TEMPLATE.matcher(joined).replaceAll("{$1}");
    }
}
