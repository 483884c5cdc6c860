package org.jinku.web.internal.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.jinku.web.internal.security.AccessRule;
import org.jinku.web.rest.Summary;

/** Every route is documented, guarded and in the OpenAPI document, with its parameters, body and roles. */
class OpenApiTest {

    private static List<Method> routes() {
        List<Method> out = new ArrayList<>();
        for (Class<?> c : Fixture.resourceClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (OpenApiDocument.httpMethod(m) != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Test
    void everyResourceMethodHasASummaryAndAnAccessRule() {
        List<Method> routes = routes();
        assertTrue(routes.size() >= 45, "routes: " + routes.size());
        for (Method m : routes) {
            String name = m.getDeclaringClass().getSimpleName() + "." + m.getName();
            Summary s = m.getAnnotation(Summary.class);
            assertNotNull(s, name + " has no @Summary");
            assertFalse(s.value().isBlank() || s.value().contains("\n"), name + ": one line");
            assertTrue(m.isAnnotationPresent(javax.annotation.security.RolesAllowed.class)
                    || m.isAnnotationPresent(javax.annotation.security.PermitAll.class),
                    name + " has neither @RolesAllowed nor @PermitAll");
            assertTrue(AccessRule.declared(m), name);
        }
    }

    @Test
    void theDocumentListsEveryMethodOfTheResourceClasses() {
        JsonNode doc = OpenApiDocument.of(Fixture.resourceClasses(), "1.0.0");
        assertEquals("3.0.3", doc.path("openapi").asText());
        Set<String> listed = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> listed.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        List<OpenApiDocument.Operation> ops = OpenApiDocument.operations(Fixture.resourceClasses());
        assertEquals(routes().size(), ops.size());
        assertEquals(ops.size(), listed.size(), "no two methods on one route: " + listed);
        Set<String> operationIds = new HashSet<>();
        doc.path("paths").forEach(item -> item.forEach(op -> assertTrue(operationIds.add(op.path("operationId").asText()))));
        for (OpenApiDocument.Operation op : ops) {
            assertTrue(listed.contains(op.method() + " " + op.path()), op.toString());
        }
        for (String route : List.of("GET /nodes", "GET /nodes/{node}", "POST /nodes/{node}/vouchers",
                "GET /nodes/{node}/vouchers/{admDivCode}/{stYear}/{vtCode}/{voucherNo}",
                "POST /nodes/{node}/vouchers/{admDivCode}/{stYear}/{vtCode}/{voucherNo}/stamp/cancel",
                "DELETE /nodes/{node}/parked/{id}", "POST /nodes/{node}/seals/{id}/revoke", "GET /types",
                "POST /session", "DELETE /accounts/{name}/roles/{role}", "GET /audit/verify", "GET /openapi.json")) {
            assertTrue(listed.contains(route), route + " in " + listed);
        }
    }

    @Test
    void operationsCarryParametersBodyRolesAndSecurity() {
        JsonNode paths = OpenApiDocument.of(Fixture.resourceClasses(), "1.0.0").path("paths");
        JsonNode sign = paths.path("/nodes/{node}/vouchers/{admDivCode}/{stYear}/{vtCode}/{voucherNo}/signatures").path("post");
        assertEquals(5, sign.path("parameters").size());
        assertEquals("path", sign.path("parameters").get(0).path("in").asText());
        assertEquals("node", sign.path("parameters").get(0).path("name").asText());
        assertEquals("post@{node}", sign.path("x-roles").get(0).asText());
        assertTrue(sign.has("requestBody"));
        assertTrue(sign.path("summary").asText().startsWith("Sign at the next post"));
        assertTrue(sign.path("responses").has("403"));

        JsonNode list = paths.path("/nodes/{node}/vouchers").path("get");
        assertFalse(list.has("requestBody"));
        assertEquals("limit", list.path("parameters").get(1).path("name").asText());
        assertEquals("query", list.path("parameters").get(1).path("in").asText());
        assertEquals(4, list.path("x-roles").size());

        JsonNode login = paths.path("/session").path("post");
        assertTrue(login.path("x-public").asBoolean());
        assertEquals(0, login.path("security").size());
        assertFalse(login.has("x-roles"));
        assertEquals(1, login.path("parameters").size() + 1, "the cookie is a security scheme, not a parameter");
    }

    @Test
    void theDocumentDeclaresBasicAndTheSessionCookie() {
        JsonNode doc = OpenApiDocument.of(Fixture.resourceClasses(), "1.0.0");
        assertEquals("basic", doc.path("components").path("securitySchemes").path("basic").path("scheme").asText());
        JsonNode session = doc.path("components").path("securitySchemes").path("session");
        assertEquals("cookie", session.path("in").asText());
        assertEquals("JINKU_SESSION", session.path("name").asText());
        assertEquals("/jinku/api", doc.path("servers").get(0).path("url").asText());
        assertEquals(2, doc.path("security").size());
    }

    @Test
    void pathsLoseTheirRegularExpressions() {
        assertEquals("/nodes/{node}/x/{id}", OpenApiDocument.path("nodes/{node}/", "/x/{id: [0-9]+}"));
        assertEquals("/types", OpenApiDocument.path("types", ""));
        assertEquals("/a/{k}", OpenApiDocument.path("/a", "{ k : .+/.{1,3} }"));
    }
}
