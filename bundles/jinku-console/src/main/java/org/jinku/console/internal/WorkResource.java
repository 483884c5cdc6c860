package org.jinku.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.security.AuditLog;
import org.jinku.api.security.Operator;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry → review → seal workflow's work list (待办) and batch signing (批量签章) with progress. The signer is always
 * the caller, with the PIN the caller typed: nobody signs on another's behalf.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Access.API)
@Path("console/work")
public class WorkResource implements ApiResource {

    private static final Logger LOG = LoggerFactory.getLogger(WorkResource.class);

    @Reference
    NodeDirectory directory;
    @Reference
    VoucherCatalog catalog;
    /** The audit trail gets one entry per voucher signed in a batch; the batch works without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private ExecutorService executor;
    private BatchSigner signer;

    @Activate
    void activate() {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jinku-console-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        signer = new BatchSigner(executor);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @GET
    @Path("{node}")
    @Produces(Json.TYPE)
    @RolesAllowed(Access.POST_ON_NODE)
    @Summary("The caller's work list at a node: vouchers made here whose next position asks for a post the caller holds")
    public Response work(@Context SecurityContext sc, @PathParam("node") String nodeName,
                         @QueryParam("scan") @DefaultValue("2000") int scan) {
        if (scan < 1 || scan > SearchResource.MAX_SCAN) {
            throw Json.invalid("scan", "range", "scan must be 1-" + SearchResource.MAX_SCAN);
        }
        Operator me = Caller.of(sc);
        Node node = directory.require(nodeName);
        ObjectNode out = Json.object();
        out.put("node", node.name());
        out.put("user", me.name());
        ArrayNode rows = out.putArray("vouchers");
        for (WorkList.Item item : WorkList.pending(node, catalog, me, scan)) {
            ObjectNode row = Rows.row(node.name(), item.voucher(), item.type().name());
            row.put("nextPosition", item.next().no());
            row.put("nextPositionLabel", item.next().label());
            row.put("nextPost", item.next().post().name());
            row.put("nextPostLabel", item.next().post().label());
            rows.add(row);
        }
        return Json.ok(out);
    }

    @POST
    @Path("{node}/batch-sign")
    @Consumes(javax.ws.rs.core.MediaType.APPLICATION_JSON)
    @Produces(Json.TYPE)
    @RolesAllowed(Access.POST_ON_NODE)
    @Summary("Start signing many vouchers as the caller with the caller's PIN {keys, pin}; answers 202 with the job id")
    public Response batchSign(@Context SecurityContext sc, @PathParam("node") String nodeName, String text) {
        Operator me = Caller.of(sc);
        JsonNode body = Json.body(text);
        JsonNode user = body.get("user");
        if (user != null && !user.isNull() && !me.name().equals(user.asText())) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "nobody signs on another's behalf: signing as "
                    + me.name() + ", not " + user.asText());
        }
        List<VoucherKey> keys = keys(body.get("keys"));
        String pin = pin(body.get("pin"));
        Node node = directory.require(nodeName);
        BatchSigner.Job job = signer.start(node, me.name(), keys, pin, this::audited);
        ObjectNode out = progress(job);
        return Json.status(202, out);
    }

    @GET
    @Path("jobs/{id}")
    @Produces(Json.TYPE)
    @RolesAllowed(Access.OPERATOR)
    @Summary("Progress of a batch-signing job the caller started: {done, failed, total, errors, finished}")
    public Response job(@Context SecurityContext sc, @PathParam("id") String id) {
        BatchSigner.Job job = signer.find(id, Caller.of(sc).name()).orElseThrow(() ->
                new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no batch-signing job " + id + " of yours"));
        return Json.ok(progress(job));
    }

    static ObjectNode progress(BatchSigner.Job job) {
        ObjectNode o = Json.object();
        o.put("jobId", job.id);
        o.put("node", job.node);
        o.put("user", job.owner);
        o.put("total", job.total());
        o.put("done", job.done.get());
        o.put("failed", job.failed.get());
        o.put("finished", job.finished != null);
        o.put("stopped", job.stopped);
        o.put("started", Json.time(job.started));
        ArrayNode errors = o.putArray("errors");
        synchronized (job.errors) {
            job.errors.forEach(e -> errors.add(Json.MAPPER.valueToTree(e)));
        }
        return o;
    }

    private void audited(BatchSigner.Job job, VoucherKey key, RejectCode refusal, String message) {
        AuditLog log = audit;
        if (log == null) {
            return;
        }
        try {
            log.append(job.owner, "console", "BATCH_SIGN", job.node + " " + key,
                    refusal == null ? "OK" : "FAILED: " + refusal.name(), "job " + job.id);
        } catch (RuntimeException e) {
            // the signature stands; a lost audit line is logged loudly rather than undoing it
            LOG.error("audit of batch signature {} {} by {} failed", job.node, key, job.owner, e);
        }
    }

    static List<VoucherKey> keys(JsonNode keys) {
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw Json.invalid("keys", "required", "keys must be a non-empty array of voucher keys");
        }
        Set<VoucherKey> out = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode k : keys) {
            if (!k.isTextual()) {
                throw Json.invalid("keys[" + i + "]", "type", "a voucher key is a string");
            }
            try {
                out.add(VoucherKey.parse(k.asText()));
            } catch (IllegalArgumentException e) {
                throw Json.invalid("keys[" + i + "]", "format", e.getMessage());
            }
            i++;
        }
        return new ArrayList<>(out);
    }

    /** The PIN the caller typed: required (a batch never relies on a PIN cache), never echoed. */
    static String pin(JsonNode v) {
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isEmpty()) {
            throw new JinkuException(RejectCode.WRONG_PIN, "PIN required: type the PIN of your key container");
        }
        String pin = v.asText();
        if (pin.length() > 64 || pin.chars().anyMatch(Character::isISOControl)) {
            throw Json.invalid("pin", "format", "pin must be 1-64 characters, no control characters");
        }
        return pin;
    }
}
