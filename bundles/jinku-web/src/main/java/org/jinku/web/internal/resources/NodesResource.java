package org.jinku.web.internal.resources;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.NodeDirectory;
import org.jinku.api.security.Roles;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;

/** {@code GET /nodes}: the nodes of this appliance (节点). */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes")
@Produces(Resources.JSON)
public class NodesResource implements ApiResource {

    @Reference
    private NodeDirectory directory;

    public NodesResource() {
    }

    NodesResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Summary("The nodes with role, address, users, posts and certificate serials")
    @RolesAllowed({Access.OPERATOR, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN, Roles.TESTER})
    public JsonNode list() {
        return Resources.array(directory.nodes().stream().map(JsonViews::node).toList());
    }
}
