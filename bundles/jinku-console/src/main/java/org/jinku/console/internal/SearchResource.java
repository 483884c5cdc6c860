package org.jinku.console.internal;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Voucher search (凭证查询) at one node: key, type, date and amount ranges, status, party. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/search")
public class SearchResource implements ApiResource {

    /** How many of the node's newest vouchers a search looks through at most. */
    static final int MAX_SCAN = 20_000;

    @Reference
    NodeDirectory directory;
    @Reference
    VoucherCatalog catalog;

    @GET
    @Path("{node}")
    @Produces(Json.TYPE)
    @RolesAllowed({Access.POST_ON_NODE, Access.AUDITOR, Access.SYSADMIN, Access.SECADMIN})
    @Summary("Search a node's vouchers and 回单 by key, VtCode, date and amount range, status and party (in memory over its newest `scan`)")
    public Response search(@PathParam("node") String nodeName, @QueryParam("key") String key,
                           @QueryParam("type") String type, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("min") String min, @QueryParam("max") String max,
                           @QueryParam("status") String status, @QueryParam("peer") String peer,
                           @QueryParam("flag") String flag, @QueryParam("limit") @DefaultValue("200") int limit,
                           @QueryParam("scan") @DefaultValue("5000") int scan) {
        if (limit < 1 || limit > 2000) {
            throw Json.invalid("limit", "range", "limit must be 1-2000");
        }
        if (scan < 1 || scan > MAX_SCAN) {
            throw Json.invalid("scan", "range", "scan must be 1-" + MAX_SCAN);
        }
        VoucherSearch criteria = VoucherSearch.of(key, type, from, to, min, max, status, peer, flag);
        Node node = directory.require(nodeName);
        java.util.List<VoucherView> all = node.list(scan);
        ObjectNode out = Json.object();
        out.put("node", node.name());
        out.put("scanned", all.size());
        // the scan saw everything only when the node holds fewer than it asked for
        out.put("complete", all.size() < scan);
        ArrayNode rows = out.putArray("vouchers");
        for (VoucherView v : criteria.filter(all, limit)) {
            rows.add(Rows.row(node.name(), v, typeName(v.key().vtCode())));
        }
        return Json.ok(out);
    }

    private String typeName(String vtCode) {
        return catalog.type(vtCode).map(VoucherType::name).orElse(vtCode);
    }
}
