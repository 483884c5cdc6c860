package org.jinku.web.internal.resources;

import java.util.Arrays;
import java.util.TreeSet;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.CookieParam;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.security.Authenticator;
import org.jinku.api.security.Operator;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.internal.security.AccessFilter;
import org.jinku.web.internal.security.Sessions;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/**
 * The console's login (登录): a session in the cookie {@code JINKU_SESSION} (HttpOnly, SameSite=Strict, Secure
 * over https) and the CSRF token the console sends back in {@code X-CSRF-Token} on every write.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("session")
@Produces(Resources.JSON)
public class SessionResource implements ApiResource {

    @Reference
    private Authenticator authenticator;
    @Reference
    private Sessions sessions;

    public SessionResource() {
    }

    SessionResource(Authenticator authenticator, Sessions sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @POST
    @PermitAll
    @Summary("Log in {name, password}: sets the session cookie, answers the account, its roles and the CSRF token")
    public Response login(JsonNode body, @CookieParam(AccessFilter.COOKIE) String previous,
                          @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest http) {
        JsonNode b = Bodies.object(body);
        String name = Bodies.text(b, "name");
        JsonNode p = b.get("password");
        if (p == null || !p.isTextual() || p.asText().isEmpty()) {
            throw Bodies.invalid("password", "required", "request needs a string field 'password'");
        }
        char[] password = p.asText().toCharArray();
        Operator op;
        try {
            String channel = headers.getHeaderString(AccessFilter.CONSOLE_HEADER) != null ? "console" : "rest";
            op = authenticator.login(name, password, channel, remote(http));
        } finally {
            Arrays.fill(password, '\0');
        }
        sessions.close(previous);
        Sessions.Session s = sessions.open(op);
        return Response.ok(describe(op, s.csrfToken()))
                .header(HttpHeaders.SET_COOKIE, cookie(s.id(), secure(uri), false)).build();
    }

    @GET
    @Summary("The logged-in account, its roles and the session's CSRF token")
    @RolesAllowed({Access.OPERATOR, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER})
    public JsonNode current(@CookieParam(AccessFilter.COOKIE) String id, @Context SecurityContext sc) {
        Operator caller = Caller.of(sc);
        String csrf = sessions.touch(id).filter(s -> s.operator().name().equals(caller.name()))
                .map(Sessions.Session::csrfToken).orElse(null);
        return describe(caller, csrf);
    }

    @DELETE
    @Summary("Log out: ends the session and clears its cookie")
    @RolesAllowed({Access.OPERATOR, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER})
    public Response logout(@CookieParam(AccessFilter.COOKIE) String id, @Context SecurityContext sc,
                           @Context UriInfo uri) {
        sessions.close(id);
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("name", Caller.of(sc).name()).put("result", "LOGGED_OUT");
        return Response.ok(o).header(HttpHeaders.SET_COOKIE, cookie("", secure(uri), true)).build();
    }

    private ObjectNode describe(Operator op, String csrfToken) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("name", op.name());
        ArrayNode roles = o.putArray("roles");
        new TreeSet<>(op.roles()).forEach(roles::add);
        o.put("csrfToken", csrfToken);
        o.put("idleSeconds", sessions.idle().toSeconds());
        return o;
    }

    /** Built by hand: JAX-RS 2.1's NewCookie has no SameSite. Path /jinku: the console and the API both get it. */
    static String cookie(String value, boolean secure, boolean expire) {
        return AccessFilter.COOKIE + "=" + value + "; Path=/jinku; HttpOnly; SameSite=Strict"
                + (expire ? "; Max-Age=0" : "") + (secure ? "; Secure" : "");
    }

    private static boolean secure(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }

    private static String remote(HttpServletRequest http) {
        try {
            return http == null ? "-" : http.getRemoteAddr();
        } catch (RuntimeException e) {
            return "-";
        }
    }
}
