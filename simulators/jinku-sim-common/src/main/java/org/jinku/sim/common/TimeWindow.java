package org.jinku.sim.common;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A window of the day, "HH:mm-HH:mm" (start included, end excluded; "24:00" is the end of the day), e.g.
 * the PBoC clearing window "08:30-16:30". "00:00-24:00" or empty: always open.
 */
public final class TimeWindow {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");

    private final LocalTime start;
    /** Null: the end of the day. */
    private final LocalTime end;
    private final String text;

    private TimeWindow(LocalTime start, LocalTime end, String text) {
        this.start = start;
        this.end = end;
        this.text = text;
    }

    public static TimeWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return new TimeWindow(LocalTime.MIDNIGHT, null, "00:00-24:00");
        }
        String[] parts = text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a window HH:mm-HH:mm");
        }
        try {
            LocalTime s = LocalTime.parse(parts[0], HH_MM);
            LocalTime e = parts[1].equals("24:00") ? null : LocalTime.parse(parts[1], HH_MM);
            if (e != null && !e.isAfter(s)) {
                throw new IllegalArgumentException("window '" + text + "' ends before it starts");
            }
            return new TimeWindow(s, e, text.trim());
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("'" + text + "' is not a window HH:mm-HH:mm", ex);
        }
    }

    public boolean contains(LocalTime t) {
        return !t.isBefore(start) && (end == null || t.isBefore(end));
    }

    public boolean always() {
        return start.equals(LocalTime.MIDNIGHT) && end == null;
    }

    @Override
    public String toString() {
        return text;
    }
}
