package org.jinku.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An e-seal of this node's party: its identity (esID), the stamp position it belongs to, its state and who moved
 * it there, and its registration (备案) with each peer ({@code registrations}: peer address → SENT, ACKNOWLEDGED,
 * REFUSED: reason, or REVOKED).
 *
 * @param replaces   the seal this one replaced by a change, or null
 * @param sealBase64 the GB/T 38540 SESeal, base64, once made; null before
 */
public record SealView(String sealId, String name, String position, String owner, SealState state, int version,
                       String appliedBy, String approvedBy, String madeBy, Instant validEnd, String replaces,
                       Map<String, String> registrations, List<String> history, String sealBase64) {
    public SealView {
        registrations = Map.copyOf(registrations);
        history = List.copyOf(history);
    }
}
