package org.jinku.web.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.catalog.json.VoucherJson;

/**
 * The error bodies of the API, {@code {"error": CODE, "message": …, "fieldErrors": [...]}}, and the HTTP status of
 * each code: 400 bad input, 401 not logged in, 403 not allowed, 404 unknown, 409 conflicts with what is stored,
 * 413 too large, 500 a fault of ours.
 */
public final class Errors {

    private Errors() {
    }

    public static int status(RejectCode code) {
        return switch (code) {
            case UNKNOWN_VOUCHER, UNKNOWN_NODE -> 404;
            case NOT_AUTHENTICATED, ACCOUNT_LOCKED -> 401;
            // a key container refusing its PIN or locked, a certificate reported lost: not allowed to sign
            case NOT_AUTHORIZED, WRONG_PIN, KEY_LOCKED, CERTIFICATE_REVOKED -> 403;
            // a seal not yet acknowledged by every peer, or revoked: conflicts with the seal's state
            case DUPLICATE_VOUCHER, WRONG_STATE, SAME_SIGNER_TWICE, SEAL_UNREGISTERED, SEAL_REVOKED, ROLE_CONFLICT -> 409;
            case OVERSIZED -> 413;
            case INTERNAL_ERROR -> 500;
            default -> 400;
        };
    }

    public static ObjectNode body(JinkuException e) {
        ObjectNode o = body(e.code().name(), e.getMessage());
        if (!e.fieldErrors().isEmpty()) {
            ArrayNode fe = o.putArray("fieldErrors");
            for (FieldError f : e.fieldErrors()) {
                fe.addObject().put("path", f.path()).put("code", f.code()).put("message", f.message());
            }
        }
        return o;
    }

    public static ObjectNode body(String code, String message) {
        return VoucherJson.MAPPER.createObjectNode().put("error", code).put("message", message);
    }

    /** A fault of ours: the caller gets an id to quote, never the exception. */
    public static ObjectNode internal(String errorId) {
        return body(RejectCode.INTERNAL_ERROR.name(), "internal error, see the log under error id " + errorId)
                .put("errorId", errorId);
    }
}
