package org.jinku.api.spi;

import java.time.Instant;
import java.util.Map;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;

/** Rows of a {@link VoucherStore}. */
public final class StoreRecords {
    private StoreRecords() {
    }

    /**
     * A stored voucher or receipt; {@code bodyBase64} is the signed text, byte for byte. {@code version}
     * counts the versions of one key (a voided voucher sent again corrected under the same VoucherNo); the
     * highest is the live one and the only one {@code find} and {@code lock} return.
     */
    public record VoucherRow(long id, VoucherKey key, int voucherFlag, Direction direction, String peer,
                             VoucherState state, String bodyBase64, String digest, String payAmt, String reason,
                             Instant created, Instant updated, int version) {

        /** A first version. */
        public VoucherRow(long id, VoucherKey key, int voucherFlag, Direction direction, String peer,
                          VoucherState state, String bodyBase64, String digest, String payAmt, String reason,
                          Instant created, Instant updated) {
            this(id, key, voucherFlag, direction, peer, state, bodyBase64, digest, payAmt, reason, created, updated, 1);
        }
    }

    public record SignatureRow(long voucherId, int seq, String position, String userId, String post,
                               String certSerialHex, String signer, String cmsBase64, Instant at) {
    }

    public record DeliveryRow(long voucherId, String destination, DeliveryStatus status, String reason,
                              Instant updated) {
    }

    public record EventRow(long voucherId, int seq, Instant at, String kind, String actor, String detail,
                           String hash) {
    }

    /** A message waiting to be handed to the transport; written in the transaction that decided to send it. */
    public record OutboxRow(long id, String destination, String type, String messageId, Map<String, String> headers,
                            byte[] body, int attempts, Instant notBefore) {
    }

    public record RejectionRow(long id, Instant at, String source, String voucherKey, RejectCode code, String reason,
                               String payloadDigest) {
    }

    /**
     * The newest event of a voucher's history (seq, hash), signed by the node's organisation key: deleting
     * the newest events or recomputing the whole chain no longer matches it.
     */
    public record HistoryHead(int seq, String hash, String signatureBase64) {
    }
}
