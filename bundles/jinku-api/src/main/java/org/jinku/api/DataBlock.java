package org.jinku.api;

import java.time.Instant;

/**
 * An attachment (附件) a peer sent outside any voucher, as the deployed library's {@code sendData} /
 * {@code getData} carry them: at most {@link #MAX_BYTES}, signed by the sending party's organisation.
 *
 * @param id       the receiver's name for it (time received and SM3 of the data)
 * @param from     the transport address of the peer that sent it
 * @param data     the bytes as sent
 * @param received when this node stored it
 */
public record DataBlock(String id, String from, byte[] data, Instant received) {

    /** The deployed library's block size: larger data is split by the sender. */
    public static final int MAX_BYTES = 3 * 1024 * 1024;
}
