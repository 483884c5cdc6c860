package org.jinku.web.internal.resources;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
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

import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/**
 * The accounts and their roles (账户与角色), the security administrator's work; the auditor reads them. Role
 * conflicts are refused by the accounts service with {@code 409 ROLE_CONFLICT} and the reason.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("accounts")
@Produces(Resources.JSON)
public class AccountsResource implements ApiResource {

    @Reference
    private Accounts accounts;

    public AccountsResource() {
    }

    AccountsResource(Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Summary("Every account with its roles, failed logins and lock")
    @RolesAllowed({Roles.SECADMIN, Roles.AUDITOR})
    public JsonNode list() {
        return Resources.array(accounts.list().stream().map(AccountsResource::view).toList());
    }

    @POST
    @Summary("Create an account {name, password, roles}; 201 with the account")
    @RolesAllowed(Roles.SECADMIN)
    public Response create(JsonNode body, @Context SecurityContext sc, @Context UriInfo uri) {
        JsonNode b = Bodies.object(body);
        String name = Bodies.text(b, "name");
        JsonNode p = b.get("password");
        if (p == null || !p.isTextual() || p.asText().isEmpty()) {
            throw Bodies.invalid("password", "required", "request needs a string field 'password'");
        }
        JsonNode r = b.get("roles");
        if (r == null || !r.isArray()) {
            throw Bodies.invalid("roles", "type", "roles must be an array of role names, e.g. [\"entry@finance\"]");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < r.size(); i++) {
            roles.add(role(r.get(i), "roles[" + i + "]"));
        }
        char[] password = p.asText().toCharArray();
        try {
            Account a = accounts.create(name, password, roles, Caller.of(sc).name());
            URI location = uri.getAbsolutePathBuilder().path(a.name()).build();
            return Response.created(location).entity(view(a)).build();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @POST
    @Path("{name}/roles")
    @Summary("Grant a role {role} (refused with the reason when it conflicts with one the account holds)")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode grant(@PathParam("name") String name, JsonNode body, @Context SecurityContext sc) {
        String role = role(Bodies.object(body).get("role"), "role");
        return view(accounts.grant(name, role, Caller.of(sc).name()));
    }

    @DELETE
    @Path("{name}/roles/{role}")
    @Summary("Revoke a role")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode revoke(@PathParam("name") String name, @PathParam("role") String role, @Context SecurityContext sc) {
        return view(accounts.revoke(name, role, Caller.of(sc).name()));
    }

    @POST
    @Path("{name}/unlock")
    @Summary("Unlock an account locked after failed logins and clear its count")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode unlock(@PathParam("name") String name, @Context SecurityContext sc) {
        return view(accounts.unlock(name, Caller.of(sc).name()));
    }

    private static String role(JsonNode v, String field) {
        if (v == null || !v.isTextual() || !v.asText().matches("[A-Za-z0-9._@-]{1,64}")) {
            throw Bodies.invalid(field, "format", field + " must be a role name of 1-64 of [A-Za-z0-9._@-]");
        }
        return v.asText();
    }

    static ObjectNode view(Account a) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("name", a.name());
        ArrayNode roles = o.putArray("roles");
        new TreeSet<>(a.roles()).forEach(roles::add);
        o.put("failedLogins", a.failedLogins());
        o.put("locked", a.locked());
        o.put("lockedAt", a.lockedAt() == null ? null : a.lockedAt().toString());
        return o;
    }
}
