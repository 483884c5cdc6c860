package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.VoucherStore;

/**
 * Appends events to a voucher's history, each chained to the one before by SM3, inside the caller's
 * transaction, so an event exists exactly when the change it records does.
 */
final class EventLog {

    private static final String GENESIS = "0".repeat(64);
    private final CryptoProvider crypto;

    EventLog(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    void append(VoucherStore.Session s, long voucherId, String kind, String actor, String fullDetail) {
        String detail = fullDetail == null || fullDetail.length() <= 1000 ? fullDetail : fullDetail.substring(0, 1000);
        EventRow last = s.lastEvent(voucherId).orElse(null);
        int seq = last == null ? 1 : last.seq() + 1;
        String prev = last == null ? GENESIS : last.hash();
        // Millisecond precision: what every database keeps, so the chain re-verifies after a round trip.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        s.appendEvent(new EventRow(voucherId, seq, at, kind, actor, detail, hash(prev, seq, at, kind, actor, detail)));
    }

    String hash(String prev, int seq, Instant at, String kind, String actor, String detail) {
        String text = prev + '\n' + seq + '\n' + at.toEpochMilli() + '\n' + kind + '\n' + nz(actor) + '\n' + nz(detail);
        return HexFormat.of().formatHex(crypto.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** True when every event's hash follows from its predecessor: nothing removed, altered or reordered. */
    boolean verify(List<EventRow> events) {
        String prev = GENESIS;
        int expectedSeq = 1;
        for (EventRow e : events) {
            if (e.seq() != expectedSeq++
                    || !e.hash().equals(hash(prev, e.seq(), e.at(), e.kind(), e.actor(), e.detail()))) {
                return false;
            }
            prev = e.hash();
        }
        return true;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
