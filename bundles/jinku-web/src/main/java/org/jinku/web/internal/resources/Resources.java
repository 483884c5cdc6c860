package org.jinku.web.internal.resources;

import java.util.Collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.jinku.catalog.json.VoucherJson;

/** What the resources of this bundle share. */
final class Resources {

    /** The application every resource joins. */
    static final String APP = "(osgi.jaxrs.name=jinku-api)";
    static final String JSON = "application/json;charset=UTF-8";

    private Resources() {
    }

    /** A JSON array of views. */
    static ArrayNode array(Collection<? extends JsonNode> items) {
        ArrayNode a = VoucherJson.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }
}
