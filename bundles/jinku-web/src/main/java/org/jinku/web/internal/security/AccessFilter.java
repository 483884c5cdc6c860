package org.jinku.web.internal.security;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Authenticator;
import org.jinku.api.security.Operator;
import org.jinku.web.internal.ApiApplication;
import org.jinku.web.internal.http.Errors;

/**
 * Who calls, and may they (访问控制), for every route of the API: HTTP Basic (integrators) or the console's
 * session cookie with its CSRF token on writes; then the route's roles ({@link AccessRule}). A refusal is 401
 * (not logged in) or 403 (no role, CSRF) as JSON, and is audited; so is every call that is not a read, with its
 * outcome.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName(AccessFilter.NAME)
@JaxrsApplicationSelect("(osgi.jaxrs.name=" + ApiApplication.NAME + ")")
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String NAME = "jinku-access";
    public static final String COOKIE = "JINKU_SESSION";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CONSOLE_HEADER = "X-Requested-With";

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String AUDITED = "jinku.audited";
    private static final String CALLER = "jinku.caller";
    private static final String CONSOLE = "jinku.console";

    @Reference
    private Authenticator authenticator;
    @Reference
    private Accounts accounts;
    @Reference
    private AuditLog audit;
    @Reference
    private Sessions sessions;

    @Context
    private ResourceInfo resource;
    @Context
    private HttpServletRequest http;

    public AccessFilter() {
    }

    /** For tests. */
    public AccessFilter(Authenticator authenticator, Accounts accounts, AuditLog audit, Sessions sessions) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.audit = audit;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext req) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return; // no route: the runtime answers 404
        }
        AccessRule rule = AccessRule.of(method);
        boolean write = !SAFE.contains(req.getMethod());
        if (write && !sameOrigin(req)) {
            deny(req, 403, "CSRF", "cross-site request refused (Origin " + req.getHeaderString("Origin") + ")", null);
            return;
        }
        if (rule.open()) {
            return;
        }
        Operator caller = authenticate(req, write);
        if (caller == null) {
            return;
        }
        req.setProperty(CALLER, caller.name());
        Map<String, String> params = pathParams(req);
        if (!rule.admits(caller, params)) {
            List<String> roles = rule.roles(params);
            if (rule.templates().isEmpty()) {
                LOG.warn("{}.{} has no @RolesAllowed or @PermitAll: refused to everybody", method.getDeclaringClass()
                        .getName(), method.getName());
            }
            deny(req, 403, RejectCode.NOT_AUTHORIZED.name(), caller.name() + " may not " + req.getMethod() + " /"
                    + req.getUriInfo().getPath() + ": needs one of " + (roles.isEmpty() ? "[] (the route has no access rule)"
                    : roles.toString()), caller.name());
            return;
        }
        boolean secure = "https".equalsIgnoreCase(req.getUriInfo().getRequestUri().getScheme());
        String scheme = req.getHeaderString(HttpHeaders.AUTHORIZATION) != null ? SecurityContext.BASIC_AUTH
                : CallerContext.SESSION_AUTH;
        req.setSecurityContext(new CallerContext(caller, scheme, secure));
    }

    /** The caller, or null once the request is refused. */
    private Operator authenticate(ContainerRequestContext req, boolean write) {
        String authorization = req.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return basic(req, authorization);
        }
        Cookie cookie = req.getCookies().get(COOKIE);
        if (cookie == null) {
            deny(req, 401, RejectCode.NOT_AUTHENTICATED.name(), "log in: HTTP Basic or the session of POST /session",
                    null);
            return null;
        }
        Optional<Sessions.Session> session = sessions.touch(cookie.getValue());
        if (session.isEmpty()) {
            deny(req, 401, RejectCode.NOT_AUTHENTICATED.name(), "session expired or unknown: log in again", null);
            return null;
        }
        req.setProperty(CONSOLE, Boolean.TRUE);
        String name = session.get().operator().name();
        // The account as it is now: a lock, a revoked role or a deleted account counts at once, not at the next login.
        Optional<Account> account = accounts.find(name);
        if (account.isEmpty() || account.get().locked()) {
            sessions.closeAll(name);
            deny(req, 401, account.isEmpty() ? RejectCode.NOT_AUTHENTICATED.name() : RejectCode.ACCOUNT_LOCKED.name(),
                    account.isEmpty() ? "account " + name + " no longer exists" : "account " + name + " is locked", name);
            return null;
        }
        if (write && !same(session.get().csrfToken(), req.getHeaderString(CSRF_HEADER))) {
            deny(req, 403, "CSRF", "missing or wrong " + CSRF_HEADER + " header (the csrfToken of POST /session)", name);
            return null;
        }
        return new Operator(name, account.get().roles());
    }

    private Operator basic(ContainerRequestContext req, String authorization) {
        String[] parts = authorization.trim().split("\\s+", 2);
        String decoded = null;
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Basic")) {
            try {
                decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        if (colon <= 0) {
            deny(req, 401, RejectCode.NOT_AUTHENTICATED.name(), "Authorization must be Basic base64(name:password)", null);
            return null;
        }
        String name = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            return authenticator.login(name, password, channel(req), remote());
        } catch (JinkuException e) {
            String code = e.code() == RejectCode.ACCOUNT_LOCKED ? e.code().name() : RejectCode.NOT_AUTHENTICATED.name();
            deny(req, 401, code, e.getMessage(), name);
            return null;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Every call that is not a read, audited with its outcome once the route answered. Not the open routes: their
     * only write is the login, which the authenticator audits itself (LOGIN, LOGIN_FAILED) under the name tried.
     */
    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext resp) {
        Object caller = req.getProperty(CALLER);
        if (SAFE.contains(req.getMethod()) || req.getProperty(AUDITED) != null || caller == null) {
            return;
        }
        int status = resp.getStatus();
        String outcome = "OK " + status;
        String detail = null;
        if (status >= 400) {
            JsonNode body = resp.getEntity() instanceof JsonNode j ? j : null;
            String code = body == null ? "" : " " + body.path("error").asText();
            outcome = "FAILED " + status + code;
            detail = body == null ? null : body.path("message").asText(null);
        }
        append(caller.toString(), req, outcome, detail);
    }

    private void deny(ContainerRequestContext req, int status, String code, String message, String actor) {
        req.setProperty(AUDITED, Boolean.TRUE);
        append(actor == null || !actor.matches("[A-Za-z0-9._@-]{1,64}") ? "anonymous" : actor, req,
                "DENIED " + status, code + ": " + message);
        Response.ResponseBuilder r = Response.status(status).type("application/json;charset=UTF-8")
                .entity(Errors.body(code, message));
        // A browser would show its own login box on this header; the console asks for none.
        if (status == 401 && req.getHeaderString(CONSOLE_HEADER) == null) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"jinku\"");
        }
        req.abortWith(r.build());
    }

    private void append(String actor, ContainerRequestContext req, String outcome, String detail) {
        try {
            audit.append(actor, channel(req), "HTTP " + req.getMethod() + " /" + req.getUriInfo().getPath(),
                    String.join("/", pathParams(req).values()), outcome,
                    detail == null ? null : detail.substring(0, Math.min(detail.length(), 500)));
        } catch (RuntimeException e) {
            // The answer stands (the action is done); the gap in the trail must be seen.
            LOG.error("cannot audit {} {} by {} ({}): {}", req.getMethod(), req.getUriInfo().getPath(), actor, outcome,
                    e.toString(), e);
        }
    }

    private static Map<String, String> pathParams(ContainerRequestContext req) {
        Map<String, String> out = new LinkedHashMap<>();
        req.getUriInfo().getPathParameters().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    /** {@code console} for the web console (its session, or its header {@code X-Requested-With}), else {@code rest}. */
    static String channel(ContainerRequestContext req) {
        return req.getProperty(CONSOLE) != null || req.getHeaderString(CONSOLE_HEADER) != null ? "console" : "rest";
    }

    private String remote() {
        try {
            return http == null ? "-" : http.getRemoteAddr();
        } catch (RuntimeException e) {
            return "-"; // not over a servlet container
        }
    }

    /** A write from a browser page of another site (its {@code Origin} names it) is refused. */
    static boolean sameOrigin(ContainerRequestContext req) {
        String origin = req.getHeaderString("Origin");
        if (origin == null) {
            return true;
        }
        URI uri = req.getUriInfo().getRequestUri();
        try {
            URI o = URI.create(origin.trim());
            return o.getScheme() != null && o.getHost() != null
                    && o.getScheme().toLowerCase(Locale.ROOT).equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && o.getHost().equalsIgnoreCase(uri.getHost()) && port(o) == port(uri);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
