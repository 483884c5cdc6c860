package org.jinku.web.internal.resources;

import java.net.URI;
import java.util.Base64;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.BeanParam;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.api.security.Operator;
import org.jinku.api.security.Roles;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.web.internal.http.Bodies;
import org.jinku.web.rest.Access;
import org.jinku.web.rest.ApiResource;
import org.jinku.web.rest.Caller;
import org.jinku.web.rest.Summary;

/**
 * The vouchers of a node (凭证): submit, read, sign, stamp and the receiver's and sender's actions. Whoever signs
 * or acts is the caller; a body naming another {@code user} or {@code actor} is refused.
 */
@Component(service = ApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(Resources.APP)
@Path("nodes/{node}/vouchers")
@Produces(Resources.JSON)
public class VouchersResource implements ApiResource {

    private static final String KEY = "{admDivCode}/{stYear}/{vtCode}/{voucherNo}";

    @Reference
    private NodeDirectory directory;

    public VouchersResource() {
    }

    VouchersResource(NodeDirectory directory) {
        this.directory = directory;
    }

    @POST
    @Summary("Submit a voucher: validated, stored as DRAFT (status 13); 201 with its view and Location")
    @RolesAllowed(Access.ENTRY)
    public Response submit(@PathParam("node") String node, JsonNode body, @Context UriInfo uri) {
        VoucherView view = directory.require(node).submit(Bodies.voucher(body));
        URI location = uri.getAbsolutePathBuilder().path(view.key().toString()).build();
        return Response.created(location).entity(JsonViews.voucher(view)).build();
    }

    @GET
    @Summary("The newest vouchers and receipts")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode list(@PathParam("node") String node, @QueryParam("limit") String limit) {
        return Resources.array(directory.require(node).list(Bodies.intParam("limit", limit, 100, 1, 10_000)).stream()
                .map(JsonViews::voucher).toList());
    }

    @GET
    @Path(KEY)
    @Summary("The view of the voucher (flag 0) or its receipt (flag 1)")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode view(@BeanParam VoucherPath v, @QueryParam("flag") String flagParam) {
        Node n = v.node(directory);
        VoucherKey key = v.key();
        int flag = flag(flagParam);
        return JsonViews.voucher(n.find(key, flag).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_VOUCHER,
                (flag == 0 ? "voucher " : "receipt ") + key + " is not stored at " + n.name())));
    }

    @GET
    @Path(KEY + "/content")
    @Summary("The business content of the voucher (flag 0) or its receipt (flag 1)")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode content(@BeanParam VoucherPath v, @QueryParam("flag") String flagParam) {
        Node n = v.node(directory);
        VoucherKey key = v.key();
        return VoucherJson.toTree(n.content(key, flag(flagParam)).orElseThrow(() -> unknown(key, n)));
    }

    @GET
    @Path(KEY + "/events")
    @Summary("The full event history of the voucher and its receipt, hash-chained")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode events(@BeanParam VoucherPath v) {
        return JsonViews.events(v.node(directory).history(v.key()));
    }

    @GET
    @Path(KEY + "/history-check")
    @Summary("Whether the SM3 hash chain of the voucher's history verifies")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode historyCheck(@BeanParam VoucherPath v) {
        VoucherKey key = v.key();
        return VoucherJson.MAPPER.createObjectNode().put("key", key.toString())
                .put("intact", v.node(directory).historyIntact(key));
    }

    @GET
    @Path(KEY + "/envelope")
    @Summary("The signed MOF envelope as it travels, base64 in envelopeBase64")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode envelope(@BeanParam VoucherPath v, @QueryParam("flag") String flagParam) {
        Node n = v.node(directory);
        VoucherKey key = v.key();
        int flag = flag(flagParam);
        byte[] mof = n.envelope(key, flag).orElseThrow(() -> unknown(key, n));
        return VoucherJson.MAPPER.createObjectNode().put("key", key.toString()).put("flag", flag)
                .put("envelopeBase64", Base64.getEncoder().encodeToString(mof));
    }

    @GET
    @Path(KEY + "/versions")
    @Summary("Every version of the voucher, oldest first; the last is the live one")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode versions(@BeanParam VoucherPath v) {
        return Resources.array(v.node(directory).versions(v.key()).stream()
                .map(JsonViews::voucher).toList());
    }

    @GET
    @Path(KEY + "/stamps")
    @Summary("The stamps on the voucher (flag 0) or its receipt (flag 1): position to seal id")
    @RolesAllowed({Access.ANY_POST, Roles.AUDITOR, Roles.SYSADMIN, Roles.SECADMIN})
    public JsonNode stamps(@BeanParam VoucherPath v, @QueryParam("flag") String flagParam) {
        VoucherKey key = v.key();
        int flag = flag(flagParam);
        ObjectNode o = VoucherJson.MAPPER.createObjectNode().put("key", key.toString()).put("flag", flag);
        ObjectNode stamps = o.putObject("stamps");
        v.node(directory).stamps(key, flag).forEach(stamps::put);
        return o;
    }

    @POST
    @Path(KEY + "/signatures")
    @Summary("Sign at the next post as the caller with the PIN of the caller's key container; the last post sends")
    @RolesAllowed(Access.ANY_POST)
    public JsonNode sign(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String user = Bodies.self(b, "user", Caller.of(sc));
        return JsonViews.voucher(v.node(directory).sign(v.key(), user, Bodies.pin(b)));
    }

    @POST
    @Path(KEY + "/stamp")
    @Summary("Stamp the party's active seal at a position that is signed but not stamped, as the caller")
    @RolesAllowed({Access.SEAL, Access.REVIEW})
    public JsonNode stamp(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String user = Bodies.self(b, "user", Caller.of(sc));
        return JsonViews.voucher(v.node(directory).stamp(v.key(),
                Bodies.text(b, "position"), user, Bodies.pin(b)));
    }

    @POST
    @Path(KEY + "/stamp/cancel")
    @Summary("撤销签章: remove a stamp while the voucher is still SIGNING")
    @RolesAllowed({Access.SEAL, Access.REVIEW})
    public JsonNode cancelStamp(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String actor = actor(b, sc);
        return JsonViews.voucher(v.node(directory).cancelStamp(v.key(),
                Bodies.text(b, "position"), actor));
    }

    @POST
    @Path(KEY + "/accept")
    @Summary("Receiver: 签收")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode accept(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        return JsonViews.voucher(v.node(directory).accept(v.key(),
                actor(Bodies.object(body), sc)));
    }

    @POST
    @Path(KEY + "/refuse")
    @Summary("Receiver: 签收失败, with a reason and optionally a specific reject code")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode refuse(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        String actor = actor(b, sc);
        Node n = v.node(directory);
        VoucherKey key = v.key();
        if (b.hasNonNull("code")) {
            RejectCode code;
            try {
                code = RejectCode.valueOf(b.get("code").asText());
            } catch (IllegalArgumentException e) {
                throw Bodies.invalid("code", "enum", "unknown reject code '" + b.get("code").asText() + "'");
            }
            return JsonViews.voucher(n.refuse(key, actor, code, Bodies.text(b, "reason")));
        }
        return JsonViews.voucher(n.refuse(key, actor, Bodies.text(b, "reason")));
    }

    @POST
    @Path(KEY + "/return")
    @Summary("Receiver: 退回, with a reason")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode returnVoucher(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        return JsonViews.voucher(v.node(directory).returnVoucher(v.key(), actor(b, sc),
                Bodies.text(b, "reason")));
    }

    @POST
    @Path(KEY + "/refuse-receipt")
    @Summary("Sender of the voucher: 签收失败 of the receipt it received")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode refuseReceipt(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        return JsonViews.voucher(v.node(directory).refuseReceipt(v.key(), actor(b, sc),
                Bodies.text(b, "reason")));
    }

    @POST
    @Path(KEY + "/return-receipt")
    @Summary("Sender of the voucher: 退回 of the receipt it received")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode returnReceipt(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        return JsonViews.voucher(v.node(directory).returnReceipt(v.key(), actor(b, sc),
                Bodies.text(b, "reason")));
    }

    @POST
    @Path(KEY + "/void")
    @Summary("Sender: 作废 a voucher not yet sent, or refused, returned or not received by the peer")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode voidVoucher(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        return JsonViews.voucher(v.node(directory).voidVoucher(v.key(), actor(b, sc),
                Bodies.text(b, "reason")));
    }

    @POST
    @Path(KEY + "/resend")
    @Summary("Sender: 补发 the same envelope of the voucher (flag 0) or its receipt (flag 1) to every destination")
    @RolesAllowed({Access.REVIEW, Access.ENTRY})
    public JsonNode resend(@BeanParam VoucherPath v, JsonNode body, @Context SecurityContext sc) {
        JsonNode b = Bodies.object(body);
        int flag = b.hasNonNull("flag") ? b.get("flag").asInt(-1) : 0;
        if (flag != 0 && flag != 1) {
            throw Bodies.invalid("flag", "enum", "flag is 0 (the voucher) or 1 (its 回单)");
        }
        return JsonViews.voucher(v.node(directory).resend(v.key(), flag, actor(b, sc)));
    }

    private static String actor(JsonNode body, SecurityContext sc) {
        Operator caller = Caller.of(sc);
        return Bodies.self(body, "actor", caller);
    }

    private static int flag(String value) {
        return Bodies.intParam("flag", value, 0, 0, 1);
    }

    private static JinkuException unknown(VoucherKey key, Node n) {
        return new JinkuException(RejectCode.UNKNOWN_VOUCHER, "voucher " + key + " is not stored at " + n.name());
    }
}
