package org.jinku.console.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jinku.api.EventView;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.VoucherKey;

/**
 * A voucher's timeline across every party of the box (全程轨迹): each node's events for the same key, merged by time.
 * In the one-box deployment every party's store is at hand; across sites each party sees only its own.
 */
final class Timeline {

    /** One event at one node. */
    record Entry(String node, String role, EventView event) {
    }

    private static final Comparator<Entry> ORDER = Comparator.<Entry, java.time.Instant>comparing(e -> e.event().at())
            .thenComparing(Entry::node).thenComparingInt(e -> e.event().seq());

    private Timeline() {
    }

    static List<Entry> of(List<Node> nodes, VoucherKey key) {
        List<Entry> all = new ArrayList<>();
        for (Node n : nodes) {
            List<EventView> events;
            try {
                events = n.history(key);
            } catch (JinkuException e) {
                continue; // this node never held it
            }
            for (EventView e : events) {
                all.add(new Entry(n.name(), n.role().name(), e));
            }
        }
        all.sort(ORDER);
        return all;
    }
}
