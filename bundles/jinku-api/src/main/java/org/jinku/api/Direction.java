package org.jinku.api;

/** Whether a stored voucher (or receipt) was made here and sent out, or received from a peer. */
public enum Direction {
    OUT, IN
}
