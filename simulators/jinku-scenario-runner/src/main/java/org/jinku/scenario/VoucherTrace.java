package org.jinku.scenario;

import java.time.Instant;
import java.util.List;

/** A voucher's path through the parties: every event about it at every node, in time order. */
public record VoucherTrace(String key, String scenario, List<Hop> hops) {

    public VoucherTrace {
        hops = List.copyOf(hops);
    }

    /** One event at one node ({@code kind} as the node's history names it). */
    public record Hop(Instant at, String node, int voucherFlag, String kind, String actor, String detail) {
    }
}
