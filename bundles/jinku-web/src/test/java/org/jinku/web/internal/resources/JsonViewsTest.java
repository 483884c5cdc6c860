package org.jinku.web.internal.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.jinku.api.DeliveryStatus;

class JsonViewsTest {

    @Test
    void statusCountsAreKeyedByTheStatusCode() {
        JsonNode counts = JsonViews.counts(Map.of(DeliveryStatus.values()[0], 3L));
        assertEquals(3, counts.path(Integer.toString(DeliveryStatus.values()[0].code())).asInt());
    }

    @Test
    void parkedMessagesKeepTheirFields() {
        JsonNode a = JsonViews.parked(List.of(new org.jinku.api.ParkedMessage("ID:p-1", "VOUCHER", "bank", "m1",
                Instant.EPOCH, 6, "boom", 42)));
        assertEquals("ID:p-1", a.get(0).path("id").asText());
        assertEquals("1970-01-01T00:00:00Z", a.get(0).path("parkedAt").asText());
        assertEquals(42, a.get(0).path("bytes").asInt());
    }
}
