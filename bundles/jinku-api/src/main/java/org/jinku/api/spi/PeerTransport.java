package org.jinku.api.spi;

import java.util.List;
import java.util.Map;

/**
 * Carries messages between nodes (ActiveMQ by default; an offline package in emergencies). Delivery is
 * persistent and at-least-once: a listener that throws gets the message again; receivers deduplicate by
 * voucher key and message id. Registered with {@code jinku.transport=<id>}.
 */
public interface PeerTransport {

    String SERVICE_PROPERTY = "jinku.transport";

    String id();

    /** Starts receiving messages addressed to {@code address}. */
    Endpoint open(String address, Listener listener);

    interface Endpoint extends AutoCloseable {
        /** Hands a message to the transport; returns once it is persisted by it. */
        void send(String peerAddress, Message message);

        /**
         * Hands several messages over at once; a transport may make this one atomic, durable step.
         * Entries are (peer address, message).
         */
        default void sendBatch(List<Map.Entry<String, Message>> messages) {
            for (Map.Entry<String, Message> e : messages) {
                send(e.getKey(), e.getValue());
            }
        }

        @Override
        void close();
    }

    @FunctionalInterface
    interface Listener {
        /** Throwing leaves the message for redelivery. */
        void onMessage(Message message) throws Exception;

        /**
         * Several messages that arrived together, taken or left as one: throwing leaves them all for
         * redelivery. A listener that can commit them together overrides this.
         */
        default void onMessages(List<Message> messages) throws Exception {
            for (Message m : messages) {
                onMessage(m);
            }
        }
    }

    /**
     * A peer message. {@code type}: VOUCHER (an MOF envelope) or ACK (a signed acknowledgement);
     * {@code messageId} is stable across retries.
     */
    record Message(String type, String from, String messageId, Map<String, String> headers, byte[] body) {
        public Message {
            headers = Map.copyOf(headers);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }
}
