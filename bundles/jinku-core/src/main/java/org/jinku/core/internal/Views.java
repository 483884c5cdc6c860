package org.jinku.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.EventView;
import org.jinku.api.RejectionView;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.StoreRecords.DeliveryRow;
import org.jinku.api.spi.StoreRecords.EventRow;
import org.jinku.api.spi.StoreRecords.RejectionRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherStore;

/** Maps store rows to the views the API hands out. */
final class Views {

    private Views() {
    }

    static VoucherView voucher(VoucherStore.Session s, VoucherRow r) {
        Map<String, DeliveryStatus> deliveries = new LinkedHashMap<>();
        for (DeliveryRow d : s.deliveries(r.id())) {
            deliveries.put(d.destination(), d.status());
        }
        List<VoucherView.SignatureView> sigs = s.signatures(r.id()).stream()
                .map(g -> new VoucherView.SignatureView(g.seq(), g.position(), g.userId(), g.post(), g.certSerialHex(),
                        g.signer(), g.at()))
                .toList();
        return new VoucherView(r.key(), r.voucherFlag(), r.direction(), r.peer(), r.state(), deliveries, sigs,
                r.payAmt(), r.reason(), r.digest(), r.created(), r.updated(), r.version());
    }

    static EventView event(int flag, EventRow e) {
        return new EventView(e.seq(), e.at(), flag, e.kind(), e.actor(), e.detail(), e.hash());
    }

    static RejectionView rejection(RejectionRow r) {
        return new RejectionView(r.id(), r.at(), r.source(), r.voucherKey(), r.code(), r.reason(), r.payloadDigest());
    }
}
