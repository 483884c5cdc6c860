package org.jinku.api.spi;

/**
 * The store could not do its work at all (database down, disk full, connection lost): not the fault of
 * the input being processed. Inbound processing lets this one through, so the transport delivers the
 * messages again later; every other failure is a refusal of the one message that caused it.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
