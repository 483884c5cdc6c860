package org.jinku.web.internal.resources;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.NodeDirectory;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;

/** One node: its description, the counts of its sent vouchers by status, its rejections and its party's books. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}")
@Produces(Resources.JSON)
public class NodeResource implements ApiResource {

    @Reference
    private NodeDirectory directory;

    public NodeResource() {
    }

    NodeResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Summary("One node: role, address, users, posts and certificate serials")
    @RolesAllowed({Access.OPERATOR, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER})
    public JsonNode node(@PathParam("node") String node) {
        return JsonViews.node(directory.require(node));
    }

    @GET
    @Path("status-counts")
    @Summary("Sent vouchers per status code")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode statusCounts(@PathParam("node") String node) {
        return JsonViews.counts(directory.require(node).statusCounts());
    }

    @GET
    @Path("rejections")
    @Summary("Refused inputs, newest first, with code and reason")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode rejections(@PathParam("node") String node, @QueryParam("limit") String limit) {
        return JsonViews.rejections(directory.require(node).rejections(Bodies.intParam("limit", limit, 100, 1, 10_000)));
    }

    @GET
    @Path("ledger")
    @Summary("The party's books as its adapter keeps them (the simulators' ledgers)")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode ledger(@PathParam("node") String node) {
        return VoucherJson.MAPPER.valueToTree(directory.require(node).ledger());
    }
}
