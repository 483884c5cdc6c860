package org.jinku.sim.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * What every simulator's books hold besides their own: whose they are (adapter id and node name), the
 * sequence for new voucher numbers, and the day each daily job last ran. Subclasses add public fields;
 * the whole is saved as JSON by {@link LedgerStore}.
 */
public class LedgerState {
    public String adapter;
    public String node;
    /** Last sequence number used for new vouchers (one counter per node). */
    public long seq;
    /** Daily job name → day (yyyyMMdd) it last ran. */
    public Map<String, String> lastRun = new TreeMap<>();
    /** Changes so far (each saved); shows that a restart kept everything. */
    public long changes;

    public long nextSeq() {
        return ++seq;
    }
}
