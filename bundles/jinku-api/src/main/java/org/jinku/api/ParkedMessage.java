package org.jinku.api;

import java.time.Instant;

/**
 * A message the transport set aside (停放) because processing it failed again and again: it no longer
 * holds up the messages behind it and waits for an operator to retry or discard it.
 *
 * @param id          the transport's id of the parked message, used to retry or discard it
 * @param type        the message type as sent (VOUCHER, ACK, or what an unknown client wrote)
 * @param from        the authenticated sender, when the transport knows it
 * @param messageId   the sender's message id (correlation id)
 * @param deliveries  how often it was delivered before it was parked
 * @param reason      the last failure, as the node reported it
 * @param bytes       size of the body
 */
public record ParkedMessage(String id, String type, String from, String messageId, Instant parkedAt,
                            int deliveries, String reason, int bytes) {
}
