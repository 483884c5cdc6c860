package org.jinku.adapter.legacysoap.internal;

/** A call refused with an {@link Evs} code and a specific reason; becomes a SOAP fault. */
public class LegacyFault extends RuntimeException {

    private final Evs evs;

    public LegacyFault(Evs evs, String reason) {
        super(evs.message(reason));
        this.evs = evs;
    }

    public LegacyFault(Evs evs, String reason, Throwable cause) {
        super(evs.message(reason), cause);
        this.evs = evs;
    }

    public Evs evs() {
        return evs;
    }
}
