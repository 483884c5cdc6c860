package org.jinku.core.internal;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.VoucherStore;

/**
 * Takes messages from configured peers only. The transport's sender is the authenticated broker user
 * (see the transport); the later steps then require the signatures to be that peer's.
 */
final class AuthoriseSender implements InboundStep {

    private final Peers peers;

    AuthoriseSender(Peers peers) {
        this.peers = peers;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        in.peer = peers.byAddress(in.from()).orElseThrow(() -> new JinkuException(RejectCode.NOT_AUTHORIZED,
                "message from '" + in.from() + "', which is not a peer of this node"));
    }
}
