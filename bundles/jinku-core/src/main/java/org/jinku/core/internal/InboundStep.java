package org.jinku.core.internal;

import org.jinku.api.spi.VoucherStore;

/**
 * One step of inbound processing. A step runs inside the message's transaction; it refuses the message
 * by throwing {@link org.jinku.api.JinkuException} with a specific code (recorded and answered by the
 * {@link Inbox}), or marks it {@link Inbound#done} when it has answered it completely.
 */
@FunctionalInterface
interface InboundStep {
    void apply(VoucherStore.Session s, Inbound in);
}
