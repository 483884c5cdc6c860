package org.jinku.web.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.jinku.api.security.Operator;

class SessionsTest {

    @Test
    void idsAndTokensAre256RandomBitsAndExpiredSessionsAreSwept() {
        Instant[] now = {Instant.parse("2026-11-24T08:00:00Z")};
        Sessions sessions = new Sessions(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        }).timeouts(Duration.ofMinutes(15), Duration.ofHours(8));
        Set<String> seen = new HashSet<>();
        Operator op = new Operator("lr01", Set.of("entry@finance"));
        for (int i = 0; i < 100; i++) {
            Sessions.Session s = sessions.open(op);
            assertEquals(43, s.id().length()); // 32 bytes, base64url without padding
            assertNotEquals(s.id(), s.csrfToken());
            assertTrue(seen.add(s.id()) && seen.add(s.csrfToken()));
        }
        assertEquals(100, sessions.size());
        now[0] = now[0].plus(Duration.ofMinutes(15));
        sessions.open(op);
        assertEquals(1, sessions.size());
        sessions.closeAll("lr01");
        assertEquals(0, sessions.size());
    }
}
