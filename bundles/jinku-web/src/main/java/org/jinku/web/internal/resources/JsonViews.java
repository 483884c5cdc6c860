package org.jinku.web.internal.resources;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.CertificateView;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.EventView;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.Node;
import org.jinku.api.ParkedMessage;
import org.jinku.api.RejectionView;
import org.jinku.api.SealView;
import org.jinku.api.UserInfo;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;

/** The JSON shapes of the REST API; field names here are the API contract. */
final class JsonViews {

    private JsonViews() {
    }

    static ObjectNode node(Node n) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("name", n.name());
        o.put("role", n.role().name());
        o.put("address", n.address());
        ArrayNode users = o.putArray("users");
        for (UserInfo u : n.users()) {
            ObjectNode uo = users.addObject();
            uo.put("userId", u.userId());
            uo.put("certSerial", u.certSerialHex());
            ArrayNode posts = uo.putArray("posts");
            u.posts().forEach(p -> posts.add(p.name()));
        }
        return o;
    }

    static ObjectNode voucher(VoucherView v) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("key", v.key().toString());
        o.put("voucherFlag", v.voucherFlag());
        o.put("version", v.version());
        o.put("direction", v.direction().name());
        o.put("peer", v.peer());
        o.put("state", v.state().name());
        DeliveryStatus s = v.status();
        o.put("status", s.code());
        o.put("statusText", s.text());
        ObjectNode dests = o.putObject("deliveries");
        for (Map.Entry<String, DeliveryStatus> d : v.deliveries().entrySet()) {
            ObjectNode dn = dests.putObject(d.getKey());
            dn.put("status", d.getValue().code());
            dn.put("statusText", d.getValue().text());
        }
        o.put("payAmt", v.payAmt());
        if (v.reason() != null) {
            o.put("reason", v.reason());
        }
        o.put("digest", v.digest());
        o.put("created", v.created().toString());
        o.put("updated", v.updated().toString());
        ArrayNode sigs = o.putArray("signatures");
        for (VoucherView.SignatureView g : v.signatures()) {
            ObjectNode so = sigs.addObject();
            so.put("seq", g.seq());
            so.put("position", g.position());
            so.put("userId", g.userId());
            so.put("post", g.post());
            so.put("certSerial", g.certSerialHex());
            so.put("signer", g.signer());
            so.put("at", g.at().toString());
        }
        return o;
    }

    /** A catalogue type: who sends it to whom, whether a 回单 is due, and the stamp positions with their posts. */
    static ObjectNode type(org.jinku.api.spi.VoucherType t) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("vtCode", t.vtCode());
        o.put("name", t.name());
        o.put("meaning", t.meaning());
        o.put("vtCodeChosen", t.vtCodeChosen());
        o.put("sender", t.sender().name());
        o.put("receiver", t.receiver().name());
        o.put("routeField", t.routeField());
        o.put("receiptDue", t.receiptDue());
        ArrayNode copies = o.putArray("receiptCopyTo");
        t.receiptCopyTo().forEach(r -> copies.add(r.name()));
        o.put("maxDetails", t.maxDetails());
        o.put("negativeAmounts", t.negativeAmounts());
        positions(o.putArray("senderPositions"), t.senderPositions());
        positions(o.putArray("receiptPositions"), t.receiptPositions());
        return o;
    }

    private static void positions(ArrayNode a, List<org.jinku.api.spi.VoucherType.StampPosition> positions) {
        for (org.jinku.api.spi.VoucherType.StampPosition p : positions) {
            a.addObject().put("no", p.no()).put("label", p.label()).put("post", p.post().name())
                    .put("postLabel", p.post().label()).put("organisation", p.organisation());
        }
    }

    static ArrayNode events(List<EventView> events) {
        ArrayNode a = VoucherJson.MAPPER.createArrayNode();
        for (EventView e : events) {
            ObjectNode o = a.addObject();
            o.put("at", e.at().toString());
            o.put("voucherFlag", e.voucherFlag());
            o.put("seq", e.seq());
            o.put("kind", e.kind());
            o.put("actor", e.actor());
            o.put("detail", e.detail());
            o.put("hash", e.hash());
        }
        return a;
    }

    static ArrayNode rejections(List<RejectionView> rejections) {
        ArrayNode a = VoucherJson.MAPPER.createArrayNode();
        for (RejectionView r : rejections) {
            ObjectNode o = a.addObject();
            o.put("id", r.id());
            o.put("at", r.at().toString());
            o.put("source", r.source());
            o.put("voucherKey", r.voucherKey());
            o.put("code", r.code().name());
            o.put("reason", r.reason());
        }
        return a;
    }

    static ArrayNode parked(List<ParkedMessage> parked) {
        ArrayNode a = VoucherJson.MAPPER.createArrayNode();
        for (ParkedMessage m : parked) {
            ObjectNode o = a.addObject();
            o.put("id", m.id());
            o.put("type", m.type());
            o.put("from", m.from());
            o.put("messageId", m.messageId());
            o.put("parkedAt", m.parkedAt() == null ? null : m.parkedAt().toString());
            o.put("deliveries", m.deliveries());
            o.put("reason", m.reason());
            o.put("bytes", m.bytes());
        }
        return a;
    }

    static ObjectNode counts(Map<DeliveryStatus, Long> counts) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        counts.forEach((s, n) -> o.put(Integer.toString(s.code()), n));
        return o;
    }

    /** A certificate the node signs with, and what is due on it ({@code warning}, null when nothing). */
    static ObjectNode certificate(CertificateView c) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("holder", c.holder());
        o.put("alias", c.alias());
        o.put("serial", c.serialHex());
        o.put("subject", c.subject());
        o.put("notAfter", c.notAfter() == null ? null : c.notAfter().toString());
        o.put("daysLeft", c.daysLeft());
        o.put("revoked", c.revoked());
        o.put("warning", c.warning());
        return o;
    }

    /** A CA register entry (e.g. the certificate revoked by 挂失). */
    static ObjectNode issued(IssuedCertificate c) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("serial", c.serialHex());
        o.put("subject", c.subject());
        o.put("kind", c.kind() == null ? null : c.kind().name());
        o.put("notBefore", c.notBefore() == null ? null : c.notBefore().toString());
        o.put("notAfter", c.notAfter() == null ? null : c.notAfter().toString());
        o.put("revoked", c.revoked());
        o.put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
        o.put("revocationReason", c.revocationReason());
        o.put("revokedBy", c.revokedBy());
        return o;
    }

    /** An e-seal (电子印章): its life (state, who did what) and its registration (备案) with each peer. */
    static ObjectNode seal(SealView s) {
        ObjectNode o = VoucherJson.MAPPER.createObjectNode();
        o.put("sealId", s.sealId());
        o.put("name", s.name());
        o.put("position", s.position());
        o.put("owner", s.owner());
        o.put("state", s.state() == null ? null : s.state().name());
        o.put("version", s.version());
        o.put("appliedBy", s.appliedBy());
        o.put("approvedBy", s.approvedBy());
        o.put("madeBy", s.madeBy());
        o.put("validEnd", s.validEnd() == null ? null : s.validEnd().toString());
        o.put("replaces", s.replaces());
        ObjectNode regs = o.putObject("registrations");
        s.registrations().forEach(regs::put);
        ArrayNode history = o.putArray("history");
        s.history().forEach(history::add);
        o.put("sealBase64", s.sealBase64());
        return o;
    }
}
