package org.jinku.console.internal;

import java.time.Instant;
import java.util.List;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.catalog.json.VoucherJson;

/**
 * JSON in and out of the console's routes. Bodies are read and written as text with the API's own mapper, so these
 * resources depend on no JSON provider of the JAX-RS runtime; errors are {@link JinkuException}s, which the API's
 * exception mapper turns into its usual {@code {"error", "message"}} answers.
 */
final class Json {

    static final ObjectMapper MAPPER = VoucherJson.MAPPER;
    static final String TYPE = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    private Json() {
    }

    static Response ok(JsonNode body) {
        return status(200, body);
    }

    static Response status(int status, JsonNode body) {
        try {
            return Response.status(status).type(TYPE).entity(MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The request body as a JSON object; empty is an empty object so that missing fields are named. */
    static JsonNode body(String text) {
        if (text == null || text.isBlank()) {
            return object();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw invalid("", "type", "request body must be a JSON object");
        }
        return tree;
    }

    static JinkuException invalid(String path, String code, String message) {
        return new JinkuException(RejectCode.INVALID_FIELD, message, List.of(new FieldError(path, code, message)),
                null);
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
