package org.jinku.web.internal.resources;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/** The certificates a node signs with (证书) and the CRLs it holds: reading them, 挂失, publishing a CRL. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}")
@Produces(Resources.JSON)
public class TrustResource implements ApiResource {

    @Reference
    private NodeDirectory directory;

    public TrustResource() {
    }

    TrustResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Path("certificates")
    @Summary("The certificates the node signs with (org, operators) and what is due on them")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode certificates(@PathParam("node") String node) {
        return Resources.array(directory.require(node).certificates().stream().map(JsonViews::certificate).toList());
    }

    @POST
    @Path("certificates/report-lost")
    @Summary("挂失: revoke the holder's current certificate and send the new CRL to every peer")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode reportLost(@PathParam("node") String node, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String actor = Bodies.self(b, "actor", Caller.of(sc));
        return JsonViews.issued(directory.require(node).reportLost(Bodies.text(b, "holder"), actor));
    }

    @GET
    @Path("crls")
    @Summary("The CRLs the node holds: issuer to number, revoked count, from whom and when, next update")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode crls(@PathParam("node") String node) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        directory.require(node).crls().forEach(o::put);
        return o;
    }

    @POST
    @Path("crls/publish")
    @Summary("Send the node's CA's current CRL to every peer now")
    @RolesAllowed(Roles.SECADMIN)
    public JsonNode publishCrl(@PathParam("node") String node, JsonNode body, @Context SecurityContext sc) {
        String actor = Bodies.self(Bodies.object(body), "actor", Caller.of(sc));
        Node n = directory.require(node);
        n.publishCrl(actor);
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("result", "PUBLISHED").put("actor", actor);
        ObjectNode crls = o.putObject("crls");
        n.crls().forEach(crls::put);
        return o;
    }
}
