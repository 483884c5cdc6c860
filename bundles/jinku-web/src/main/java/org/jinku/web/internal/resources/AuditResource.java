package org.jinku.web.internal.resources;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditEntry;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Summary;

/** The audit trail (审计日志) for the auditor and the security administrator: search it, verify its hash chain. */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("audit")
@Produces(Resources.JSON)
public class AuditResource implements ApiResource {

    @Reference
    private AuditLog audit;

    public AuditResource() {
    }

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Summary("Audit entries, newest first, by actor, text, time (from, to: instants or dates) and page")
    @RolesAllowed({Roles.AUDITOR, Roles.SECADMIN})
    public JsonNode list(@QueryParam("actor") String actor, @QueryParam("text") String text,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        int off = Bodies.intParam("offset", offset, 0, 0, Integer.MAX_VALUE);
        int lim = Bodies.intParam("limit", limit, 100, 1, 1000);
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("size", audit.size()).put("offset", off).put("limit", lim);
        ArrayNode entries = o.putArray("entries");
        for (AuditEntry e : audit.list(blank(actor), blank(text), instant("from", from, false), instant("to", to, true),
                off, lim)) {
            entries.addObject().put("seq", e.seq()).put("at", e.at().toString()).put("actor", e.actor())
                    .put("channel", e.channel()).put("action", e.action()).put("target", e.target())
                    .put("outcome", e.outcome()).put("detail", e.detail()).put("hash", e.hash());
        }
        return o;
    }

    @GET
    @Path("verify")
    @Summary("Walk the audit trail's hash chain: a changed, deleted or reordered entry is a problem")
    @RolesAllowed({Roles.AUDITOR, Roles.SECADMIN})
    public JsonNode verify() {
        AuditCheck c = audit.verify();
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("intact", c.intact()).put("entries", c.entries());
        ArrayNode problems = o.putArray("problems");
        c.problems().forEach(problems::add);
        return o;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** An instant ({@code 2026-11-24T08:00:00Z}) or a date of this box's zone; a date as {@code to} takes in its day. */
    static Instant instant(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneId.systemDefault()).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw Bodies.invalid(field, "format", field + " must be an instant (2026-11-24T08:00:00Z) or a date (2026-11-24)");
        }
    }
}
