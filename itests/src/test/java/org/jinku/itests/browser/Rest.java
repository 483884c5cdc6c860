package org.jinku.itests.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jinku.itests.JinkuTestSupport;

/**
 * The appliance's REST API (接口) as an integrator calls it: HTTP Basic as one of the box's accounts, or no
 * credentials at all ({@code account} null).
 */
public final class Rest {

    public static final String BASE = "http://127.0.0.1:" + JinkuTestSupport.HTTP_PORT;
    public static final String API = BASE + "/jinku/api";
    public static final String CONSOLE = BASE + "/jinku/console/";
    public static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Rest() {
    }

    /** The box's password of an account (etc/users.properties): {@code jinku} for the shell account, else jinku2026. */
    public static String password(String account) {
        return "jinku".equals(account) ? "jinku" : "jinku2026";
    }

    public static Response get(String account, String path) {
        return send(account, "GET", path, null);
    }

    public static Response post(String account, String path, String json) {
        return send(account, "POST", path, json);
    }

    /**
     * Any method on a path under /jinku/api; a body (JSON) only when given. Interrupted or failing I/O is
     * unchecked: a test cannot go on without the answer.
     */
    public static Response send(String account, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : API + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (account != null) {
            String basic = account + ":" + password(account);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build(), method + " " + path);
    }

    private static Response send(HttpRequest request, String what) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JINKU_SESSION="))
                    .map(c -> c.split(";", 2)[0]).findFirst().orElse(null);
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null), cookie);
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    /**
     * Logs in once (POST /session) and calls with the session cookie: for loops, where HTTP
     * Basic would log in again on every call and fill the audit trail with LOGIN entries.
     */
    public static Session session(String account) {
        Response r = post(null, "/session", "{\"name\": \"" + account + "\", \"password\": \"" + password(account) + "\"}");
        if (r.status() != 200 || r.cookie() == null) {
            throw new AssertionError("POST /session as " + account + ": " + r);
        }
        return new Session(r.cookie(), r.json().path("csrfToken").asText());
    }

    /** A console session: its cookie (JINKU_SESSION=…) and the CSRF token its writes carry. */
    public record Session(String cookie, String csrfToken) {

        public Response get(String path) {
            return Rest.send(request(path).GET().build(), "GET " + path);
        }

        public Response post(String path, String json) {
            return Rest.send(request(path).header("Content-Type", "application/json").header("X-CSRF-Token", csrfToken)
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), "POST " + path);
        }

        private HttpRequest.Builder request(String path) {
            // No X-Requested-With: these calls are the test's, recorded on the rest channel, not the console's.
            return HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(60)).header("Cookie", cookie);
        }
    }

    /** An answer: status, body, the {@code WWW-Authenticate} challenge and the session cookie set, if any. */
    public record Response(int status, String body, String challenge, String cookie) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The error code of an error body ({@code {"error": "NOT_AUTHORIZED", …}}), or "" if none. */
        public String error() {
            try {
                JsonNode n = JSON.readTree(body);
                return n != null && n.has("error") ? n.get("error").asText() : "";
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }
}
