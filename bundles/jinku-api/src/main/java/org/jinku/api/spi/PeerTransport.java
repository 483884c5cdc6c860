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

    /** Starts receiving messages addressed to {@code address}, on the transport's default login. */
    default Endpoint open(String address, Listener listener) {
        return open(address, null, null, listener);
    }

    /**
     * Starts receiving messages addressed to {@code address}, logged in to the transport as {@code user}
     * (null: the transport's default). A transport that authenticates its clients reports, as each
     * message's {@code from}, the authenticated sender, never what the sender wrote about itself.
     * A null {@code listener} opens a send-only endpoint that receives nothing: for tools that hand a
     * party's messages over outside its node (a simulator's fault injection, a relay).
     */
    Endpoint open(String address, String user, String password, Listener listener);

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

        /**
         * Messages set aside after too many failed deliveries (see {@link Listener}), oldest first.
         * Transports without parking return none.
         */
        default List<org.jinku.api.ParkedMessage> parked(int limit) {
            return List.of();
        }

        /** Moves a parked message back to this endpoint's inbox; false when no parked message has that id. */
        default boolean retryParked(String id) {
            return false;
        }

        /** Removes a parked message and returns what it was; empty when no parked message has that id. */
        default java.util.Optional<org.jinku.api.ParkedMessage> discardParked(String id) {
            return java.util.Optional.empty();
        }

        @Override
        void close();
    }

    /**
     * Receives a node's messages. A listener records a bad message as a refusal and returns normally;
     * it throws only when it could not do its work at all (database down), and then the messages are
     * delivered again. A transport isolates a message that keeps failing from the ones behind it and,
     * after a configured number of deliveries, parks it (see {@link Endpoint#parked}).
     */
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
     * A peer message. {@code type}: VOUCHER (an MOF envelope) or ACK (a signed acknowledgement), or
     * {@link #INVALID} for a transport message that is not one of ours (its header {@code invalid} says
     * why); {@code messageId} is stable across retries.
     */
    record Message(String type, String from, String messageId, Map<String, String> headers, byte[] body) {
        public Message {
            headers = Map.copyOf(headers);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Type of a message the transport could not read as a peer message; the node records and drops it. */
    String INVALID = "INVALID";
}
