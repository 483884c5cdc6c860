package org.jinku.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.jinku.itests.browser.Appliance;
import org.jinku.itests.browser.Rest;
import org.jinku.itests.browser.Vouchers;

/**
 * Access control (访问控制) of every REST operation, read from the appliance's own OpenAPI document so a new route
 * cannot be missed: without credentials it is 401 (unless marked {@code x-public}); as an account holding none of
 * its {@code x-roles} it is 403; and both refusals are in the audit trail. The appliance runs in server mode and
 * this test calls it over HTTP as an integrator would.
 */
@ExtendWith(Appliance.class)
class RestAccessIT {

    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)(?:\\s*:[^}]*)?}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    /** Who plays "the wrong role", in order of preference: for writes an auditor first, for reads a unit clerk. */
    private static final List<String> FOR_WRITES = List.of("sj01", "dw01", "lr01", "yh01", "rh01", "aq01", "jinku");
    private static final List<String> FOR_READS = List.of("dw01", "lr01", "sj01", "yh01", "rh01", "aq01", "jinku");
    private static final String NODE = "finance";

    @Test
    void everyOperationIs401WithoutCredentialsAnd403WithoutItsRoleAndBothAreAudited() {
        Instant start = Instant.now().minusSeconds(1);
        Rest.Response doc = Rest.get(null, "/openapi.json");
        assertEquals(200, doc.status(), doc.toString());
        Map<String, Set<String>> accounts = accounts();
        Map<String, String> values = fixtures();

        List<Check> checks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.json().path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    checks.add(check(op.getKey().toUpperCase(), path.getKey(), op.getValue(), values, accounts));
                }
            }
        }
        assertTrue(checks.size() >= 20, "only " + checks.size() + " operations in openapi.json");
        auditCheck(checks, start);

        System.out.println(table(checks));
        List<String> failures = checks.stream().flatMap(c -> c.problems.stream().map(p -> c.method + " " + c.template + ": " + p))
                .toList();
        assertTrue(failures.isEmpty(), failures.size() + " problems:\n" + String.join("\n", failures));
    }

    // ------------------------------------------------------------------ one operation

    private static Check check(String method, String template, JsonNode op, Map<String, String> values,
            Map<String, Set<String>> accounts) {
        Check c = new Check(method, template);
        c.publicOp = op.path("x-public").asBoolean(false);
        op.path("x-roles").forEach(r -> c.roles.add(r.asText()));
        c.path = fill(template, values, c);
        String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";

        if (!c.publicOp) {
            Rest.Response r = Rest.send(null, method, c.path, body);
            c.anonymous = r.status();
            if (r.status() != 401) {
                c.problems.add("without credentials " + r);
            } else if (r.challenge() == null || !r.challenge().startsWith("Basic")) {
                c.problems.add("401 without a WWW-Authenticate: Basic challenge");
            } else if (!"NOT_AUTHENTICATED".equals(r.error())) {
                c.problems.add("401 body " + r.body());
            }
        }
        if (!c.roles.isEmpty()) {
            List<String> preference = method.equals("GET") ? FOR_READS : FOR_WRITES;
            c.wrongAccount = preference.stream().filter(a -> accounts.containsKey(a)
                    && c.roles.stream().noneMatch(role -> holds(accounts.get(a), role, values.get("node"))))
                    .findFirst().orElse(null);
            if (c.wrongAccount != null) {
                Rest.Response r = Rest.send(c.wrongAccount, method, c.path, body);
                c.wrongRole = r.status();
                if (r.status() != 403 || !"NOT_AUTHORIZED".equals(r.error())) {
                    c.problems.add("as " + c.wrongAccount + " " + r);
                }
            } else {
                c.note = "every account holds one of its roles";
            }
        } else if (!c.publicOp) {
            // every route says who may call it (@RolesAllowed) or that anyone may (@PermitAll → x-public)
            c.problems.add("neither x-public nor x-roles in openapi.json");
        }
        return c;
    }

    /** Whether an account with these roles holds a role template of @RolesAllowed, on the node of the call. */
    static boolean holds(Set<String> roles, String template, String node) {
        String role = template.replace("{node}", node);
        if (role.startsWith("post@")) {
            String at = role.substring("post".length());
            return roles.contains("entry" + at) || roles.contains("review" + at) || roles.contains("seal" + at);
        }
        if (role.equals("operator")) {
            return roles.contains("operator") || roles.stream().anyMatch(r -> r.matches("(entry|review|seal)@.+"));
        }
        return roles.contains(role);
    }

    private static String fill(String template, Map<String, String> values, Check c) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (name.equals("id")) { // a parked message's, a seal's or a batch job's id, by where it stands
                value = template.contains("/parked/") ? values.get("parked")
                        : template.contains("/seals/") ? values.get("seal") : "no-such-id";
            }
            if (value == null) {
                value = "x";
                c.note = "{" + name + "} unknown, sent x";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String path = out.toString();
        return path.startsWith("/jinku/api") ? path.substring("/jinku/api".length()) : path;
    }

    // ------------------------------------------------------------------ real values for the templates

    /** The accounts and their roles, as the auditor reads them. */
    private static Map<String, Set<String>> accounts() {
        Rest.Response r = Rest.get("sj01", "/accounts");
        assertEquals(200, r.status(), "GET /accounts as sj01: " + r);
        Map<String, Set<String>> accounts = new LinkedHashMap<>();
        for (JsonNode a : r.json()) {
            Set<String> roles = new TreeSet<>();
            a.path("roles").forEach(role -> roles.add(role.asText()));
            accounts.put(a.path("name").asText(), roles);
        }
        accounts.remove("dw02"); // the browser test locks it on purpose
        return accounts;
    }

    /** Path values: node finance, a voucher lr01 submits now, a seal and a parked message if any. */
    private static Map<String, String> fixtures() {
        String no = Vouchers.nextNumber("RA");
        Rest.Response submitted = Rest.post("lr01", "/nodes/" + NODE + "/vouchers", Vouchers.direct5201(no));
        assertEquals(201, submitted.status(), submitted.toString());
        Map<String, String> v = new LinkedHashMap<>();
        v.put("node", NODE);
        String key = Vouchers.key(no);
        v.put("key", key);
        String[] parts = key.split("/"); // {admDivCode}/{stYear}/{vtCode}/{voucherNo}
        v.put("admDivCode", parts[0]);
        v.put("stYear", parts[1]);
        v.put("voucherNo", parts[3]);
        v.put("name", "dw01");
        v.put("account", "dw01");
        v.put("role", "entry@unit");
        v.put("position", "cz_lr");
        v.put("seal", first(Rest.get("sj01", "/nodes/" + NODE + "/seals"), "sealId", NODE + "-cz_lr-1"));
        v.put("parked", first(Rest.get("sj01", "/nodes/" + NODE + "/parked"), "id", "ID:none"));
        v.put("sealId", v.get("seal"));
        v.put("vtCode", "5201");
        v.put("type", "5201");
        v.put("sim", "bank");
        v.put("run", "no-such-run");
        v.put("file", "report.html");
        return v;
    }

    private static String first(Rest.Response r, String field, String otherwise) {
        if (r.status() == 200 && r.json().isArray() && r.json().size() > 0) {
            return r.json().get(0).path(field).asText(otherwise);
        }
        return otherwise;
    }

    // ------------------------------------------------------------------ the audit trail

    /** Each refusal is an audit entry "DENIED 401" / "DENIED 403" naming the path it refused. */
    private static void auditCheck(List<Check> checks, Instant since) {
        List<JsonNode> denied = new ArrayList<>();
        int offset = 0;
        while (true) {
            Rest.Response r = Rest.get("sj01", "/audit?from=" + since + "&limit=1000&offset=" + offset);
            assertEquals(200, r.status(), "GET /audit as sj01: " + r);
            JsonNode page = r.json().isArray() ? r.json() : r.json().path("entries");
            page.forEach(e -> {
                if (e.path("outcome").asText().startsWith("DENIED")) {
                    denied.add(e);
                }
            });
            if (page.size() < 1000) {
                break;
            }
            offset += page.size();
        }
        for (Check c : checks) {
            if (c.anonymous == 401 && !recorded(denied, "DENIED 401", c.method, c.path, null)) {
                c.problems.add("401 not in the audit trail");
            }
            if (c.wrongRole == 403 && !recorded(denied, "DENIED 403", c.method, c.path, c.wrongAccount)) {
                c.problems.add("403 as " + c.wrongAccount + " not in the audit trail");
            }
        }
    }

    /** An entry with that outcome (and actor) whose action is "HTTP {method} {path}". */
    private static boolean recorded(List<JsonNode> denied, String outcome, String method, String path, String actor) {
        return denied.stream().anyMatch(e -> e.path("outcome").asText().startsWith(outcome)
                && (actor == null || actor.equals(e.path("actor").asText()))
                && e.path("action").asText().contains(method)
                && namesPath(e.path("action").asText(), path));
    }

    /** The entry names this path exactly (not merely a longer one beginning with it). */
    private static boolean namesPath(String text, String path) {
        int i = text.indexOf(path);
        while (i >= 0) {
            int end = i + path.length();
            if (end == text.length() || " ?\"".indexOf(text.charAt(end)) >= 0) {
                return true;
            }
            i = text.indexOf(path, i + 1);
        }
        return false;
    }

    // ------------------------------------------------------------------ the report

    private static String table(List<Check> checks) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"method", "path", "x-roles", "anonymous", "wrong role", "result"});
        for (Check c : checks) {
            rows.add(new String[] {c.method, c.template, c.publicOp ? "x-public" : String.join(",", c.roles),
                c.publicOp ? "-" : Integer.toString(c.anonymous),
                c.wrongAccount == null ? "-" : c.wrongRole + " as " + c.wrongAccount,
                c.problems.isEmpty() ? "ok" + (c.note == null ? "" : " (" + c.note + ")") : "FAIL " + c.problems});
        }
        int[] width = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder t = new StringBuilder(System.lineSeparator());
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                t.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            t.append(r[5]).append(System.lineSeparator());
        }
        long ok = checks.stream().filter(c -> c.problems.isEmpty()).count();
        return t.append(String.format("%d operations, %d ok, %d refused without credentials (401), %d with a wrong role "
                + "(403), %d public%n", checks.size(), ok, checks.stream().filter(c -> c.anonymous == 401).count(),
                checks.stream().filter(c -> c.wrongRole == 403).count(), checks.stream().filter(c -> c.publicOp).count()))
                .toString();
    }

    /** One operation and what it answered. */
    private static final class Check {
        final String method;
        final String template;
        final Set<String> roles = new TreeSet<>();
        final List<String> problems = new ArrayList<>();
        boolean publicOp;
        String path;
        int anonymous;
        String wrongAccount;
        int wrongRole;
        String note;

        Check(String method, String template) {
            this.method = method;
            this.template = template;
        }
    }
}
