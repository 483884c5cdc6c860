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
 * <ul>
 * <li>{@code ref} names what is acknowledged, {@code <key>#<flag>}; null when the answer names no voucher
 * (an envelope too broken to read a key from, or other content under a key the peer already holds).</li>
 * <li>{@code digest} is the SM3 of the voucher text answered (of the whole message when unreadable): the
 * sender applies an answer only to the content it sent, so nobody can turn a refusal of a forged copy
 * into a status of the genuine voucher.</li>
 * <li>{@code answers} is the message id of what is answered, for the operator.</li>
 * </ul>
 * The body is JSON; the sender's organisation key signs it.
 */
record Ack(String ref, String digest, Step step, RejectCode code, String reason, String answers) {

    /** Reasons travel and are stored with a bound: the receiver's column is 1,000 characters. */
    static final int MAX_REASON = 900;

    Ack {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        ref = bounded(ref);
        answers = bounded(answers);
        digest = digest != null && digest.length() > 64 ? digest.substring(0, 64) : digest;
    }

    private static String bounded(String s) {
        return s != null && s.length() > 120 ? s.substring(0, 120) : s;
    }

    /** An answer about one stored or refused voucher text. */
    static Ack of(VoucherKey key, int flag, String digest, Step step, RejectCode code, String reason) {
        String ref = ref(key, flag);
        return new Ack(ref, digest, step, code, reason, ref);
    }

    enum Step {
        RECEIVED(DeliveryStatus.RECEIVED, Transitions.Event.ACK_RECEIVED),
        RECEIVE_FAILED(DeliveryStatus.RECEIVE_FAILED, Transitions.Event.ACK_RECEIVE_FAILED),
        ACCEPTED(DeliveryStatus.ACCEPTED, Transitions.Event.ACK_ACCEPTED),
        REFUSED(DeliveryStatus.REFUSED, Transitions.Event.ACK_REFUSED),
        RETURNED(DeliveryStatus.RETURNED, Transitions.Event.ACK_RETURNED);

        final DeliveryStatus status;
        final Transitions.Event event;

        Step(DeliveryStatus status, Transitions.Event event) {
            this.status = status;
            this.event = event;
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
        if (ref != null) {
            n.put("ref", ref);
        }
        n.put("digest", digest);
        n.put("step", step.name());
        if (code != null) {
            n.put("code", code.name());
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        if (answers != null) {
            n.put("answers", answers);
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Ack fromJson(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new JinkuException(RejectCode.MALFORMED_JSON, "acknowledgement is not a JSON object");
            }
            return new Ack(n.path("ref").asText(null), n.path("digest").asText(null),
                    Step.valueOf(n.path("step").asText()),
                    n.hasNonNull("code") ? RejectCode.valueOf(n.get("code").asText()) : null,
                    n.path("reason").asText(null), n.path("answers").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "acknowledgement is not readable: " + e.getMessage());
        }
    }
}
