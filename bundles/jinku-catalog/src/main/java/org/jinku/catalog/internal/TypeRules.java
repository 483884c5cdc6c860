package org.jinku.catalog.internal;

import java.util.List;

/**
 * Rules of a catalogue type that {@link org.jinku.api.spi.VoucherType} does not carry: header totals over
 * differently named line fields, and the type (by meaning) that carries a batch too big for this one.
 *
 * @param totals     each header field that must equal the sum of a line field (amounts or counts)
 * @param overflowTo meaning of the companion type for lines beyond {@code maxDetails}; null for none
 */
record TypeRules(List<Total> totals, String overflowTo) {

    static final TypeRules NONE = new TypeRules(List.of(), null);

    TypeRules {
        totals = List.copyOf(totals);
    }

    /** {@code header} = the sum of {@code detail} over the lines. */
    record Total(String header, String detail) {
    }
}
