package org.jinku.console.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.VoucherTemplates;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The catalogue as the console lays vouchers out: every type with its fields' Chinese labels and stamp positions,
 * and a fresh example per type for the entry clerk's editor.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/types")
public class TypesResource implements ApiResource {

    private static final DateTimeFormatter NUMBER = DateTimeFormatter.ofPattern("MMddHHmmssSSS");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @Reference
    VoucherCatalog catalog;

    @GET
    @Produces(Json.TYPE)
    @RolesAllowed({Access.OPERATOR, Access.AUDITOR, Access.SYSADMIN, Access.SECADMIN, Access.TESTER})
    @Summary("Every voucher type with its header and detail fields (Chinese labels) and stamp positions, for the paper layouts")
    public Response types() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VoucherType t : catalog.types()) {
            out.add(type(t));
        }
        return Json.ok(out);
    }

    @GET
    @Path("{vtCode}/example")
    @Produces(Json.TYPE)
    @RolesAllowed(Access.OPERATOR)
    @Summary("The shipped example of a type (docs/examples), under a fresh VoucherNo and today's date")
    public Response example(@PathParam("vtCode") String vtCode) {
        if (catalog.type(vtCode).isEmpty()) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER_TYPE, "no voucher type " + vtCode);
        }
        Voucher v;
        try {
            v = VoucherTemplates.example(vtCode);
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER_TYPE, "no example for voucher type " + vtCode);
        }
        LocalDateTime now = LocalDateTime.now(VoucherSearch.CHINA);
        return Json.ok(VoucherJson.toTree(VoucherTemplates.renumbered(v, "C" + NUMBER.format(now), DAY.format(now))));
    }

    static ObjectNode type(VoucherType t) {
        ObjectNode o = Json.object();
        o.put("vtCode", t.vtCode());
        o.put("name", t.name());
        o.put("meaning", t.meaning());
        o.put("sender", t.sender().name());
        o.put("receiver", t.receiver().name());
        o.put("routeField", t.routeField());
        o.put("receiptDue", t.receiptDue());
        o.put("sumField", t.sumField());
        o.put("maxDetails", t.maxDetails());
        positions(o.putArray("senderPositions"), t.senderPositions());
        positions(o.putArray("receiptPositions"), t.receiptPositions());
        fields(o.putArray("headerFields"), t.headerFields());
        fields(o.putArray("detailFields"), t.detailFields());
        return o;
    }

    private static void positions(ArrayNode a, List<VoucherType.StampPosition> positions) {
        for (VoucherType.StampPosition p : positions) {
            a.addObject().put("no", p.no()).put("label", p.label()).put("post", p.post().name())
                    .put("postLabel", p.post().label()).put("organisation", p.organisation());
        }
    }

    private static void fields(ArrayNode a, List<VoucherType.FieldDef> fields) {
        for (VoucherType.FieldDef f : fields) {
            a.addObject().put("name", f.name()).put("label", f.label()).put("rule", f.rule())
                    .put("required", f.required()).put("receiptOnly", f.receiptOnly());
        }
    }
}
