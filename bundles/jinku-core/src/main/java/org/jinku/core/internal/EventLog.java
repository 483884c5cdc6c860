package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.StoreRecords.HistoryHead;
import org.jinku.api.spi.VoucherStore;

/**
 * Appends events to a voucher's history, each chained to the one before by SM3, inside the caller's
 * transaction, so an event exists exactly when the change it records does. The chain's head (seq, hash)
 * is kept on the voucher, signed with the node's organisation key: a chain verifies only up to that
 * head, so deleting the newest events, or recomputing the whole chain after a change, is found.
 */
final class EventLog {

    private static final String GENESIS = "0".repeat(64);
    private final CryptoProvider crypto;
    private final String orgAlias;
    private final char[] orgPin;

    EventLog(CryptoProvider crypto, String orgAlias, char[] orgPin) {
        this.crypto = crypto;
        this.orgAlias = orgAlias;
        this.orgPin = orgPin;
    }

    void append(VoucherStore.Session s, long voucherId, String kind, String actor, String fullDetail) {
        String detail = fullDetail == null || fullDetail.length() <= 1000 ? fullDetail : fullDetail.substring(0, 1000);
        EventRow last = s.lastEvent(voucherId).orElse(null);
        int seq = last == null ? 1 : last.seq() + 1;
        String prev = last == null ? GENESIS : last.hash();
        // Millisecond precision: what every database keeps, so the chain re-verifies after a round trip.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String hash = hash(prev, seq, at, kind, actor, detail);
        s.appendEvent(new EventRow(voucherId, seq, at, kind, actor, detail, hash));
        byte[] cms = crypto.sign(orgAlias, orgPin, headText(voucherId, seq, hash), CryptoProfile.DEFAULT);
        s.setHistoryHead(voucherId, new HistoryHead(seq, hash, Base64.getEncoder().encodeToString(cms)));
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

    /**
     * The chain verifies and ends exactly at the head this node signed for this voucher: nothing removed at
     * the end and nothing recomputed, as only the organisation key can sign a new head.
     */
    boolean verify(long voucherId, List<EventRow> events, Optional<HistoryHead> head) {
        if (!verify(events)) {
            return false;
        }
        if (head.isEmpty()) {
            return events.isEmpty();
        }
        HistoryHead h = head.get();
        EventRow last = events.isEmpty() ? null : events.get(events.size() - 1);
        if (last == null || last.seq() != h.seq() || !last.hash().equals(h.hash())) {
            return false;
        }
        try {
            X509Certificate signer = crypto.verify(headText(voucherId, h.seq(), h.hash()),
                    Base64.getDecoder().decode(h.signatureBase64()), CryptoProfile.DEFAULT).signer();
            // The organisation's certificate of the day or an earlier one (renewed since): same holder, same CA.
            return crypto.credential(orgAlias).map(Credential::certificate)
                    .map(own -> own.getSubjectX500Principal().equals(signer.getSubjectX500Principal())
                            && own.getIssuerX500Principal().equals(signer.getIssuerX500Principal())).orElse(false);
        } catch (JinkuException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] headText(long voucherId, int seq, String hash) {
        return ("jinku.history.head\n" + voucherId + '\n' + seq + '\n' + hash).getBytes(StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
