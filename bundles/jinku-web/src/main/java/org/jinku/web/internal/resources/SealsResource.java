package org.jinku.web.internal.resources;

import java.net.URI;

import javax.annotation.security.RolesAllowed;
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

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.NodeDirectory;
import org.jinku.api.SealView;
import org.jinku.api.security.Roles;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/**
 * The e-seals of a node's party (电子印章) through their life: 申请, 审批, 制作, 备案, 变更, 废止 — the security
 * administrator's work.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}/seals")
@Produces(Resources.JSON)
public class SealsResource implements ApiResource {

    private static final int MAX_NAME = 100;

    @Reference
    private NodeDirectory directory;

    public SealsResource() {
    }

    SealsResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Summary("The party's e-seals")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode list(@PathParam("node") String node) {
        return Resources.array(directory.require(node).seals().stream().map(JsonViews::seal).toList());
    }

    @POST
    @Summary("申请: apply for a seal {name, position, pngBase64}; 201 with the seal and Location")
    @RolesAllowed(Roles.SECADMIN)
    public Response apply(@PathParam("node") String node, JsonNode body, @Context SecurityContext sc,
                          @Context UriInfo uri) {
        JsonNode b = Bodies.object(body);
        String actor = Bodies.self(b, "actor", Caller.of(sc));
        SealView v = directory.require(node).applySeal(Bodies.label(b, "name", MAX_NAME), Bodies.text(b, "position"),
                Bodies.png(b), actor);
        URI location = uri.getAbsolutePathBuilder().path(v.sealId()).build();
        return Response.created(location).entity(JsonViews.seal(v)).build();
    }

    @POST
    @Path("{id}/approve")
    @Summary("审批: approve a seal (another account than the applicant)")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode approve(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                            @Context SecurityContext sc) {
        String actor = Bodies.self(Bodies.object(body), "actor", Caller.of(sc));
        return JsonViews.seal(directory.require(node).approveSeal(id, actor));
    }

    @POST
    @Path("{id}/make")
    @Summary("制作: make the approved seal (GB/T 38540 SESeal)")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode make(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                         @Context SecurityContext sc) {
        String actor = Bodies.self(Bodies.object(body), "actor", Caller.of(sc));
        return JsonViews.seal(directory.require(node).makeSeal(id, actor));
    }

    @POST
    @Path("{id}/register")
    @Summary("备案: send the made seal to every peer; ACTIVE at the first acknowledgement")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode register(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                             @Context SecurityContext sc) {
        String actor = Bodies.self(Bodies.object(body), "actor", Caller.of(sc));
        return JsonViews.seal(directory.require(node).registerSeal(id, actor));
    }

    @POST
    @Path("{id}/change")
    @Summary("变更: apply for a successor with a new image {pngBase64}; answers the successor")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode change(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                           @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String actor = Bodies.self(b, "actor", Caller.of(sc));
        return JsonViews.seal(directory.require(node).changeSeal(id, Bodies.png(b), actor));
    }

    @POST
    @Path("{id}/revoke")
    @Summary("废止: revoke a seal {reason}")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode revoke(@PathParam("node") String node, @PathParam("id") String id, JsonNode body,
                           @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String actor = Bodies.self(b, "actor", Caller.of(sc));
        return JsonViews.seal(directory.require(node).revokeSeal(id, actor, Bodies.text(b, "reason")));
    }
}
