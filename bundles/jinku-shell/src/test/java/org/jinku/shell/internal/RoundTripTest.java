package org.jinku.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RoundTripTest {

    @Test
    void percentilesAreNearestRank() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertEquals(50, RoundTrip.percentile(hundred, 50));
        assertEquals(95, RoundTrip.percentile(hundred, 95));
        assertEquals(100, RoundTrip.percentile(hundred, 100));
        assertEquals(7, RoundTrip.percentile(List.of(7L), 99));
        assertEquals(-1, RoundTrip.percentile(List.of(), 50));
    }
}
