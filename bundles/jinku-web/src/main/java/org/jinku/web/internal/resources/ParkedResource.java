package org.jinku.web.internal.resources;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;

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
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/** Messages a node parked after repeated failures: list, retry, discard (the system administrator's work). */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}/parked")
@Produces(Resources.JSON)
public class ParkedResource implements ApiResource {

    @Reference
    private NodeDirectory directory;

    public ParkedResource() {
    }

    ParkedResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Summary("Messages parked after repeated failures, oldest first")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode list(@PathParam("node") String node, @QueryParam("limit") String limit) {
        return JsonViews.parked(directory.require(node).parked(Bodies.intParam("limit", limit, 100, 1, 10_000)));
    }

    @POST
    @Path("{id}/retry")
    @Summary("Put a parked message back in the node's queue")
    @RolesAllowed(Roles.SYSADMIN)
    public JsonNode retry(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                          @Context SecurityContext sc) {
        directory.require(node).retryParked(id, Bodies.self(Bodies.object(body), "actor", Caller.of(sc)));
        return VoucherJson.MAPPER.createObjectNode().put("id", id).put("result", "RETRIED");
    }

    @POST
    @Path("{id}/discard")
    @Summary("Drop a parked message, recorded as a rejection")
    @RolesAllowed(Roles.SYSADMIN)
    public JsonNode discard(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                            @Context SecurityContext sc) {
        return drop(node, id, Bodies.self(Bodies.object(body), "actor", Caller.of(sc)));
    }

    @DELETE
    @Path("{id}")
    @Summary("Drop a parked message, recorded as a rejection (as POST …/discard)")
    @RolesAllowed(Roles.SYSADMIN)
    public JsonNode delete(@PathParam("node") String node, @PathParam("id") String id,
                           @QueryParam("actor") String actor, @Context SecurityContext sc) {
        JsonNode b = VoucherJson.MAPPER.createObjectNode();
        if (actor != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) b).put("actor", actor);
        }
        return drop(node, id, Bodies.self(b, "actor", Caller.of(sc)));
    }

    private JsonNode drop(String node, String id, String actor) {
        directory.require(node).discardParked(id, actor);
        return VoucherJson.MAPPER.createObjectNode().put("id", id).put("result", "DISCARDED");
    }
}
