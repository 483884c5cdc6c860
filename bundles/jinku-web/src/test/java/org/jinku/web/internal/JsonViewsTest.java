package org.jinku.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

class JsonViewsTest {

    @Test
    void validationErrorsCarryEveryFieldPath() {
        JinkuException e = JinkuException.invalid(List.of(
                new FieldError("PayAmt", "amount", "PayAmt must be yuan with exactly two decimals"),
                new FieldError("DetailList[1].PayeeAcctNo", "required", "PayeeAcctNo is required")));
        JsonNode json = JsonViews.error(e);
        assertEquals("INVALID_FIELD", json.get("error").asText());
        assertEquals(2, json.get("fieldErrors").size());
        assertEquals("DetailList[1].PayeeAcctNo", json.get("fieldErrors").get(1).get("path").asText());
    }

    @Test
    void refusalsMapToHttpStatusesThatSayWhatKind() {
        assertEquals(400, ApiServlet.status(RejectCode.INVALID_FIELD));
        assertEquals(400, ApiServlet.status(RejectCode.MALFORMED_JSON));
        assertEquals(403, ApiServlet.status(RejectCode.NOT_AUTHORIZED));
        assertEquals(404, ApiServlet.status(RejectCode.UNKNOWN_VOUCHER));
        assertEquals(404, ApiServlet.status(RejectCode.UNKNOWN_NODE));
        assertEquals(409, ApiServlet.status(RejectCode.DUPLICATE_VOUCHER));
        assertEquals(409, ApiServlet.status(RejectCode.SAME_SIGNER_TWICE));
        assertEquals(413, ApiServlet.status(RejectCode.OVERSIZED));
    }
}
