package org.jinku.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jinku.api.Direction;
import org.jinku.api.Node;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.security.Operator;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

/**
 * The work list (待办) of one operator at one node: vouchers made here, not yet sent, whose next stamp position asks
 * for a post the operator holds on that node and that the operator has not signed yet (nobody signs a voucher twice).
 */
final class WorkList {

    /** A voucher waiting for the operator, with the position to be signed next. */
    record Item(VoucherView voucher, VoucherType type, VoucherType.StampPosition next) {
    }

    private WorkList() {
    }

    static List<Item> pending(Node node, VoucherCatalog catalog, Operator operator, int scan) {
        List<Item> items = new ArrayList<>();
        for (VoucherView v : node.list(scan)) {
            if (v.voucherFlag() != 0 || v.direction() != Direction.OUT
                    || v.state() != VoucherState.DRAFT && v.state() != VoucherState.SIGNING) {
                continue;
            }
            Optional<VoucherType> type = catalog.type(v.key().vtCode());
            if (type.isEmpty()) {
                continue;
            }
            VoucherType.StampPosition next = next(type.get(), v);
            if (next == null || !operator.holds(next.post(), node.name())) {
                continue;
            }
            boolean signedByMe = v.signatures().stream().anyMatch(s -> operator.name().equals(s.userId()));
            if (!signedByMe) {
                items.add(new Item(v, type.get(), next));
            }
        }
        return items;
    }

    /** The first sender position without a signature, or null when all are signed (stamps may still be due). */
    static VoucherType.StampPosition next(VoucherType type, VoucherView v) {
        Set<String> signed = v.signatures().stream().map(VoucherView.SignatureView::position)
                .collect(Collectors.toSet());
        return type.senderPositions().stream().filter(p -> !signed.contains(p.no())).findFirst().orElse(null);
    }
}
