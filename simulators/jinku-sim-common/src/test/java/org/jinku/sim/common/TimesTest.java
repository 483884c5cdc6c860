package org.jinku.sim.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void aDailyTimeRunsOnceADayAtOrAfterItsTime() {
        DailyTime at = DailyTime.parse("16:00");
        assertFalse(at.due(LocalDateTime.parse("2026-11-23T15:59:59"), null));
        assertTrue(at.due(LocalDateTime.parse("2026-11-23T16:00:00"), null));
        assertTrue(at.due(LocalDateTime.parse("2026-11-23T18:00:00"), "20261122"));
        assertFalse(at.due(LocalDateTime.parse("2026-11-23T18:00:00"), "20261123"));
        assertFalse(DailyTime.parse("").due(LocalDateTime.parse("2026-11-23T18:00:00"), null));
        assertThrows(IllegalArgumentException.class, () -> DailyTime.parse("25:00"));
    }

    @Test
    void theClearingWindowIncludesItsStartNotItsEnd() {
        TimeWindow w = TimeWindow.parse("08:30-16:30");
        assertFalse(w.contains(LocalTime.parse("08:29:59")));
        assertTrue(w.contains(LocalTime.parse("08:30")));
        assertTrue(w.contains(LocalTime.parse("16:29:59")));
        assertFalse(w.contains(LocalTime.parse("16:30")));
        TimeWindow always = TimeWindow.parse("00:00-24:00");
        assertTrue(always.always());
        assertTrue(always.contains(LocalTime.parse("23:59:59")));
        assertTrue(always.contains(LocalTime.MIDNIGHT));
        assertThrows(IllegalArgumentException.class, () -> TimeWindow.parse("16:30-08:30"));
        assertThrows(IllegalArgumentException.class, () -> TimeWindow.parse("morning"));
    }

    @Test
    void faultListsAndPrefixes() {
        Faults f = Faults.parse("direct-payment, refund", "", "", 0, "6222", 0);
        assertTrue(f.refuses("refund"));
        assertFalse(f.refuses("allocation"));
        assertTrue(f.failsPayee("62220001"));
        assertFalse(f.failsPayee("1234"));
        assertTrue(Faults.parse("*", "", "", 0, "", 0).refuses("anything"));
        assertFalse(Faults.NONE.failsPayee("6222"));
    }

    @Test
    void derivedNumbersFitTwentyCharacters() {
        assertTrue(Ids.derived("S1", "-2").equals("S1-2"));
        String h = Ids.derived("ABCDEFGHIJKLMNOPQRST", "-1");
        assertTrue(h.length() == 20 && h.startsWith("H"), h);
        assertTrue(h.equals(Ids.derived("ABCDEFGHIJKLMNOPQRST", "-1")));
        assertTrue(Ids.sequenced("HK", "105", java.time.LocalDate.parse("2026-11-23"), 7).equals("HK1052611230007"));
        assertTrue(Texts.reason("额".repeat(100)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200);
    }
}
