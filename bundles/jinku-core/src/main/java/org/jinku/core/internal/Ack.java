package org.jinku.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;

/**
 * A signed acknowledgement (回执) of one voucher or receipt: the peer store received it (接收) or could
 * not (接收失败), its business accepted it (签收), refused it (签收失败) or returned it (退回).
 * {@code ref} is the message id of what is acknowledged: {@code <key>#<flag>}, so even an envelope
 * too broken to read a key from can be answered. The body is JSON; the sender's organisation key signs it.
 */
record Ack(String ref, Step step, RejectCode code, String reason) {

    /** Reasons travel and are stored with a bound: the receiver's column is 1,000 characters. */
    static final int MAX_REASON = 900;

    Ack {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        if (ref != null && ref.length() > 120) {
            ref = ref.substring(0, 120);
        }
    }

    enum Step {
        RECEIVED(DeliveryStatus.RECEIVED),
        RECEIVE_FAILED(DeliveryStatus.RECEIVE_FAILED),
        ACCEPTED(DeliveryStatus.ACCEPTED),
        REFUSED(DeliveryStatus.REFUSED),
        RETURNED(DeliveryStatus.RETURNED);

        final DeliveryStatus status;

        Step(DeliveryStatus status) {
            this.status = status;
        }
    }

    static final String TYPE = "ACK";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String ref(VoucherKey key, int flag) {
        return key + "#" + flag;
    }

    /** The key and flag named by a ref, or null when the ref does not name one. */
    static Object[] parseRef(String ref) {
        if (ref == null) {
            return null;
        }
        int hash = ref.lastIndexOf('#');
        if (hash < 0) {
            return null;
        }
        try {
            return new Object[] {VoucherKey.parse(ref.substring(0, hash)), Integer.parseInt(ref.substring(hash + 1))};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("ref", ref);
        n.put("step", step.name());
        if (code != null) {
            n.put("code", code.name());
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Ack fromJson(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return new Ack(n.path("ref").asText(null), Step.valueOf(n.path("step").asText()),
                    n.hasNonNull("code") ? RejectCode.valueOf(n.get("code").asText()) : null,
                    n.path("reason").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            throw new JinkuException(RejectCode.MALFORMED_XML, "acknowledgement is not readable: " + e.getMessage());
        }
    }
}
