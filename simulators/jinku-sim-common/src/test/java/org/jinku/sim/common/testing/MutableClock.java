package org.jinku.sim.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {

    private final ZoneId zone;
    private volatile Instant now;

    public MutableClock(LocalDateTime start, ZoneId zone) {
        this.zone = zone;
        this.now = start.atZone(zone).toInstant();
    }

    public static MutableClock at(String isoLocal) {
        return new MutableClock(LocalDateTime.parse(isoLocal), ZoneId.of("Asia/Shanghai"));
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(String isoLocal) {
        now = LocalDateTime.parse(isoLocal).atZone(zone).toInstant();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(LocalDateTime.ofInstant(now, zone), z);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
