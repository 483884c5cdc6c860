package org.jinku.sim.common;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A time of day ("HH:mm") at which a job runs once a day. It is due at the first check at or after that
 * time on a day it has not run yet; when the box was down at that time it runs when it is back the same
 * day, never twice a day and never for days gone by. Empty: never.
 */
public final class DailyTime {

    public static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");

    private final LocalTime at;

    private DailyTime(LocalTime at) {
        this.at = at;
    }

    /** Parses "HH:mm"; null or blank gives a time that is never due. */
    public static DailyTime parse(String text) {
        if (text == null || text.isBlank()) {
            return new DailyTime(null);
        }
        try {
            return new DailyTime(LocalTime.parse(text.trim(), HH_MM));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day HH:mm", e);
        }
    }

    public Optional<LocalTime> at() {
        return Optional.ofNullable(at);
    }

    /** Whether the job should run now, given the day (yyyyMMdd) it last ran, or null if never. */
    public boolean due(LocalDateTime now, String lastRunDay) {
        if (at == null) {
            return false;
        }
        String today = now.toLocalDate().format(DAY);
        return !today.equals(lastRunDay) && !now.toLocalTime().isBefore(at);
    }

    @Override
    public String toString() {
        return at == null ? "" : at.format(DateTimeFormatter.ofPattern("HH:mm"));
    }
}
