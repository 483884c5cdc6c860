package org.jinku.core.internal;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.VoucherStore;

/**
 * Opens an envelope a peer sent SM4-encrypted for this node's organisation certificate (header
 * {@code encrypted=sm4}); a peer configured to encrypt may not send in the clear.
 */
final class DecryptPayload implements InboundStep {

    private final NodeEngine node;

    DecryptPayload(NodeEngine node) {
        this.node = node;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        String how = in.message.header(NodeEngine.ENCRYPTED);
        NodeSettings settings = node.settings();
        if (how == null) {
            if (settings.encryptFor().contains(in.from())) {
                throw new JinkuException(RejectCode.DECRYPTION_FAILED, "node " + node.name() + " exchanges encrypted"
                        + " envelopes with " + in.from() + " (peer." + in.from() + ".encrypt), but this one came in the clear");
            }
            return;
        }
        if (!"sm4".equals(how)) {
            throw new JinkuException(RejectCode.DECRYPTION_FAILED, "payload encrypted with '" + how
                    + "', which this node does not know (sm4 is)");
        }
        in.payload = node.crypto().decrypt(settings.orgAlias(), settings.orgPinChars(), in.message.body(),
                settings.profile(in.from()));
    }
}
