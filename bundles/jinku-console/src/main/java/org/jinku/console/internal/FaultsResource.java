package org.jinku.console.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Simulator faults in the joint-test box (模拟器故障注入), read and changed live through Configuration Admin. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/faults")
public class FaultsResource implements ApiResource {

    @Reference
    ConfigurationAdmin configAdmin;
    @Reference
    NodeDirectory directory;

    @GET
    @Produces(Json.TYPE)
    @RolesAllowed({Access.TESTER, Access.AUDITOR})
    @Summary("The simulators' fault settings (jinku.sim.bank, jinku.sim.pbc, jinku.sim.unit) and the nodes each plays")
    public Response faults() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (SimFaults.Sim sim : SimFaults.SIMS) {
            out.add(describe(sim));
        }
        return Json.ok(out);
    }

    @PUT
    @Path("{sim}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(Json.TYPE)
    @RolesAllowed(Access.TESTER)
    @Summary("Change fault settings of a simulator (bank, pbc, unit), live: {\"fault.delay.seconds\": \"3\"}; blank or null clears")
    public Response change(@PathParam("sim") String simId, String text) {
        SimFaults.Sim sim = SimFaults.sim(simId);
        try {
            Configuration c = configAdmin.getConfiguration(sim.pid(), null);
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            Map<String, String> changed = SimFaults.apply(sim, props, Json.body(text));
            if (!changed.isEmpty()) {
                c.update(props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change " + sim.pid(), e);
        }
        return Json.ok(describe(sim));
    }

    private ObjectNode describe(SimFaults.Sim sim) {
        ObjectNode o = Json.object();
        o.put("sim", sim.id());
        o.put("pid", sim.pid());
        o.put("label", sim.label());
        ArrayNode nodes = o.putArray("nodes");
        for (Node n : directory.nodes()) {
            if (n.adapterId().filter(sim.adapter()::equals).isPresent()) {
                nodes.add(n.name());
            }
        }
        Dictionary<String, Object> props = null;
        try {
            // listed, not got: reading must not create an empty configuration
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + sim.pid() + ")");
            if (found != null && found.length > 0) {
                props = found[0].getProperties();
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read " + sim.pid(), e);
        }
        Map<String, String> values = SimFaults.values(sim, props);
        ArrayNode settings = o.putArray("settings");
        for (SimFaults.Setting s : sim.settings()) {
            settings.addObject().put("key", s.key()).put("label", s.label()).put("kind", s.kind().name())
                    .put("value", values.get(s.key()));
        }
        return o;
    }
}
