package org.jinku.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a node knows of one stored voucher or receipt: its state, its status towards each destination,
 * its signatures, and the reason when it was refused or returned.
 */
public record VoucherView(VoucherKey key, int voucherFlag, Direction direction, String peer, VoucherState state,
                          Map<String, DeliveryStatus> deliveries, List<SignatureView> signatures, String payAmt,
                          String reason, String digest, Instant created, Instant updated, int version) {

    /** The first version (the skeleton's form). */
    public VoucherView(VoucherKey key, int voucherFlag, Direction direction, String peer, VoucherState state,
                       Map<String, DeliveryStatus> deliveries, List<SignatureView> signatures, String payAmt,
                       String reason, String digest, Instant created, Instant updated) {
        this(key, voucherFlag, direction, peer, state, deliveries, signatures, payAmt, reason, digest, created,
                updated, 1);
    }

    /** The status code towards {@code destination}, as the deployed library would report it. */
    public DeliveryStatus statusFor(String destination) {
        DeliveryStatus s = deliveries.get(destination);
        return s == null ? DeliveryStatus.NOT_FOUND : s;
    }

    /** The status towards the only (or first) destination; NOT_SENT when it was never sent. */
    public DeliveryStatus status() {
        if (deliveries.isEmpty()) {
            return voucherFlag == 0 ? DeliveryStatus.NOT_SENT : DeliveryStatus.RECEIPT_NOT_SENT;
        }
        return deliveries.values().iterator().next();
    }

    public record SignatureView(int seq, String position, String userId, String post, String certSerialHex,
                                String signer, Instant at) {
    }
}
