package org.jinku.catalog.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;

/**
 * The JSON form of a voucher used by the REST API and the shell:
 * {@code {"header": {"VtCode": "5201", …}, "details": [{"Id": "1", …}]}}. Field names and values are
 * exactly those of the XML; every value is a string (amounts too, so no floating point sneaks in).
 */
public final class VoucherJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(1_000_000).maxNestingDepth(20).build());
        MAPPER.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
    }

    private VoucherJson() {
    }

    public static Voucher read(InputStream in) {
        try {
            return fromTree(MAPPER.readTree(in));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "request could not be read: " + e.getMessage());
        }
    }

    public static Voucher fromTree(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("header").isObject()) {
            throw new JinkuException(RejectCode.INVALID_FIELD,
                    "a voucher is {\"header\": {field: value, …}, \"details\": [{field: value, …}, …]}");
        }
        Map<String, String> header = fields(root.get("header"), "header");
        List<Map<String, String>> details = new ArrayList<>();
        JsonNode d = root.path("details");
        if (!d.isMissingNode() && !d.isArray()) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "details must be an array of objects");
        }
        int i = 0;
        for (JsonNode line : d) {
            details.add(fields(line, "details[" + i++ + "]"));
        }
        return new Voucher(header, details);
    }

    private static Map<String, String> fields(JsonNode obj, String where) {
        if (!obj.isObject()) {
            throw new JinkuException(RejectCode.INVALID_FIELD, where + " must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new JinkuException(RejectCode.INVALID_FIELD, where + "." + f.getKey()
                        + " must be a string (write amounts as \"1234.50\")");
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    public static ObjectNode toTree(Voucher v) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode h = root.putObject("header");
        v.header().forEach(h::put);
        ArrayNode lines = root.putArray("details");
        for (Map<String, String> d : v.details()) {
            ObjectNode line = lines.addObject();
            d.forEach(line::put);
        }
        return root;
    }
}
