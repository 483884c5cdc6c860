package org.jinku.console.internal;

import java.util.Optional;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** A voucher's timeline across all parties of the box, and where each party holds it. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/timeline")
public class TimelineResource implements ApiResource {

    @Reference
    NodeDirectory directory;

    @GET
    @Produces(Json.TYPE)
    @RolesAllowed({Access.OPERATOR, Access.AUDITOR, Access.SYSADMIN, Access.SECADMIN})
    @Summary("Every node's events for one voucher key (voucher and 回单), merged by time, and its state at each node")
    public Response timeline(@QueryParam("key") String keyText) {
        VoucherKey key = key(keyText);
        ObjectNode out = Json.object();
        out.put("key", key.toString());
        ObjectNode held = out.putObject("nodes");
        for (Node n : directory.nodes()) {
            Optional<VoucherView> v = n.find(key, 0);
            Optional<VoucherView> r = n.find(key, 1);
            if (v.isEmpty() && r.isEmpty()) {
                continue;
            }
            ObjectNode h = held.putObject(n.name());
            h.put("role", n.role().name());
            v.ifPresent(x -> h.set("voucher", Rows.row(n.name(), x, null)));
            r.ifPresent(x -> h.set("receipt", Rows.row(n.name(), x, null)));
        }
        ArrayNode rows = out.putArray("events");
        for (Timeline.Entry e : Timeline.of(directory.nodes(), key)) {
            rows.addObject().put("node", e.node()).put("role", e.role()).put("at", Json.time(e.event().at()))
                    .put("seq", e.event().seq()).put("voucherFlag", e.event().voucherFlag())
                    .put("kind", e.event().kind()).put("actor", e.event().actor()).put("detail", e.event().detail());
        }
        return Json.ok(out);
    }

    static VoucherKey key(String text) {
        if (text == null || text.isBlank()) {
            throw Json.invalid("key", "required", "key is required: AdmDivCode/StYear/VtCode/VoucherNo");
        }
        try {
            return VoucherKey.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw Json.invalid("key", "format", e.getMessage());
        }
    }
}
