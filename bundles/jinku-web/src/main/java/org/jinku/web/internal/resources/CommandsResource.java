package org.jinku.web.internal.resources;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;

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

/** What a node's adapter runs on demand, e.g. a bank simulator's {@code clearing-request}, {@code refund}. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}/commands")
@Produces(Resources.JSON)
public class CommandsResource implements ApiResource {

    @Reference
    private NodeDirectory directory;

    public CommandsResource() {
    }

    CommandsResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Summary("What the node's adapter runs on demand")
    @RolesAllowed({Access.ANY_POST, Roles.SYSADMIN, Roles.TESTER})
    public JsonNode list(@PathParam("node") String node) {
        return VoucherJson.MAPPER.valueToTree(directory.require(node).commands());
    }

    @POST
    @Path("{name}")
    @Summary("Run an adapter command now {args: {name: value}}")
    @RolesAllowed({Roles.TESTER, Roles.SYSADMIN})
    public JsonNode run(@PathParam("node") String node, @PathParam("name") String name, JsonNode body) {
        JsonNode b = Bodies.object(body);
        Map<String, String> args = new LinkedHashMap<>();
        b.path("args").fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
        return VoucherJson.MAPPER.createObjectNode().put("command", name)
                .put("result", directory.require(node).runCommand(name, args));
    }
}
