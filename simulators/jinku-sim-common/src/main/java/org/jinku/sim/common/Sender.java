package org.jinku.sim.common;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * Sends a voucher the way a party's operators would: submit it, then sign every sender position in turn,
 * each by a user holding that position's post who has not signed it yet, with their PIN; the last signature
 * queues it for the peer. Safe to repeat: a voucher already stored under the key (this node's own) is signed on from
 * where it stopped, one already sent is left alone.
 */
public final class Sender {

    private Sender() {
    }

    /** @param pinOf each operator's PIN (user ID → PIN, null where none is known) */
    public static VoucherView send(Node node, VoucherType type, Voucher voucher, Function<String, String> pinOf) {
        VoucherKey key = voucher.key();
        VoucherView view;
        // A repeat (after a restart) signs on from where it stopped, without a duplicate refusal on record.
        Optional<VoucherView> stored = node.find(key, 0).filter(v -> v.direction() == Direction.OUT
                && v.state() != VoucherState.VOIDED);
        if (stored.isPresent()) {
            return signAll(node, type, stored.get(), pinOf);
        }
        try {
            view = node.submit(voucher);
        } catch (JinkuException e) {
            if (e.code() != RejectCode.DUPLICATE_VOUCHER) {
                throw e;
            }
            Optional<VoucherView> existing = node.find(key, 0);
            if (existing.isEmpty() || existing.get().direction() != Direction.OUT) {
                throw e;
            }
            view = existing.get();
        }
        return signAll(node, type, view, pinOf);
    }

    /** Whether the voucher is stored here and on its way (signed by every post), not still being made. */
    public static boolean sent(Node node, VoucherKey key) {
        return node.find(key, 0).filter(v -> v.direction() == Direction.OUT && !signing(v)).isPresent();
    }

    public static VoucherView signAll(Node node, VoucherType type, VoucherView view,
                                      Function<String, String> pinOf) {
        List<StampPosition> positions = type.senderPositions();
        List<UserInfo> users = node.users();
        for (int guard = 0; guard < positions.size() + 1 && signing(view); guard++) {
            int done = view.signatures().size();
            if (done >= positions.size()) {
                break;
            }
            StampPosition next = positions.get(done);
            Set<String> signed = new HashSet<>();
            view.signatures().forEach(s -> signed.add(s.userId()));
            VoucherKey key = view.key();
            String user = users.stream()
                    .filter(u -> u.posts().contains(next.post()) && !signed.contains(u.userId()))
                    .map(UserInfo::userId).sorted().findFirst()
                    .orElseThrow(() -> new JinkuException(RejectCode.NOT_AUTHORIZED, "node " + node.name()
                            + " has no operator holding post " + next.post() + " (" + next.post().label()
                            + ") who has not signed " + key + " yet; position " + next.no()));
            view = node.sign(view.key(), user, pinOf.apply(user));
        }
        return view;
    }

    private static boolean signing(VoucherView v) {
        return v.state() == VoucherState.DRAFT || v.state() == VoucherState.SIGNING;
    }
}
