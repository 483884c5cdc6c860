package org.jinku.api;

/**
 * What a host system did with a stored voucher outside the node, recorded in the voucher's history so its
 * timeline and the audit show it (see {@link Node#recordHostAction}).
 */
public enum HostAction {
    /** The host system read the voucher (读取): it is then no longer "unread". */
    READ("READ_BY_HOST"),
    /** The voucher was rendered for printing (打印); the count of these is its print count. */
    PRINTED("PRINTED");

    private final String eventKind;

    HostAction(String eventKind) {
        this.eventKind = eventKind;
    }

    /** The kind of the history event that records it. */
    public String eventKind() {
        return eventKind;
    }
}
