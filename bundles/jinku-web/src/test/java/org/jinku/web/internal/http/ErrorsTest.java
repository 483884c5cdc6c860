package org.jinku.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

class ErrorsTest {

    @Test
    void validationErrorsCarryEveryFieldPath() {
        JinkuException e = JinkuException.invalid(List.of(
                new FieldError("PayAmt", "amount", "PayAmt must be yuan with exactly two decimals"),
                new FieldError("DetailList[1].PayeeAcctNo", "required", "PayeeAcctNo is required")));
        JsonNode json = Errors.body(e);
        assertEquals("INVALID_FIELD", json.get("error").asText());
        assertEquals(2, json.get("fieldErrors").size());
        assertEquals("DetailList[1].PayeeAcctNo", json.get("fieldErrors").get(1).get("path").asText());
    }

    @Test
    void refusalsMapToHttpStatusesThatSayWhatKind() {
        assertEquals(400, Errors.status(RejectCode.INVALID_FIELD));
        assertEquals(400, Errors.status(RejectCode.MALFORMED_JSON));
        assertEquals(401, Errors.status(RejectCode.NOT_AUTHENTICATED));
        assertEquals(401, Errors.status(RejectCode.ACCOUNT_LOCKED));
        assertEquals(403, Errors.status(RejectCode.NOT_AUTHORIZED));
        assertEquals(404, Errors.status(RejectCode.UNKNOWN_VOUCHER));
        assertEquals(404, Errors.status(RejectCode.UNKNOWN_NODE));
        assertEquals(409, Errors.status(RejectCode.DUPLICATE_VOUCHER));
        assertEquals(409, Errors.status(RejectCode.SAME_SIGNER_TWICE));
        assertEquals(409, Errors.status(RejectCode.ROLE_CONFLICT));
        assertEquals(413, Errors.status(RejectCode.OVERSIZED));
    }
}
