package org.jinku.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A voucher's business content (电子凭证): header fields and detail lines (明细), exactly as they travel
 * inside {@code <Voucher>}. Values are kept as the strings of the wire format (amounts are never
 * floating point). Field order is kept. Immutable.
 */
public final class Voucher {

    public static final String ADM_DIV_CODE = "AdmDivCode";
    public static final String ST_YEAR = "StYear";
    public static final String VT_CODE = "VtCode";
    public static final String VOUCHER_NO = "VoucherNo";

    private final Map<String, String> header;
    private final List<Map<String, String>> details;

    public Voucher(Map<String, String> header, List<? extends Map<String, String>> details) {
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        List<Map<String, String>> copy = new ArrayList<>(details.size());
        for (Map<String, String> d : details) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(d)));
        }
        this.details = Collections.unmodifiableList(copy);
    }

    public Map<String, String> header() {
        return header;
    }

    public List<Map<String, String>> details() {
        return details;
    }

    public String get(String field) {
        return header.get(field);
    }

    public String vtCode() {
        return header.get(VT_CODE);
    }

    /** The key read from the header; parts may be missing (null → empty) before validation. */
    public VoucherKey key() {
        return new VoucherKey(nz(header.get(ADM_DIV_CODE)), nz(header.get(ST_YEAR)), nz(header.get(VT_CODE)),
                nz(header.get(VOUCHER_NO)));
    }

    /** A copy with some header fields replaced or added (used to fill the X fields of a receipt). */
    public Voucher withHeader(Map<String, String> changes, List<? extends Map<String, String>> newDetails) {
        Map<String, String> h = new LinkedHashMap<>(header);
        h.putAll(changes);
        return new Voucher(h, newDetails == null ? details : newDetails);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Voucher v && v.header.equals(header) && v.details.equals(details);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + details.hashCode();
    }

    @Override
    public String toString() {
        return "Voucher" + key() + " (" + details.size() + " lines)";
    }
}
