package org.jinku.core.internal;

import java.util.Base64;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.VoucherStore;

/** An acknowledgement must carry a valid signature over its exact body; whose it is, ApplyAck decides. */
final class VerifyAck implements InboundStep {

    private final CryptoProvider crypto;
    private final NodeSettings settings;
    private final Revocations revocations;

    VerifyAck(CryptoProvider crypto, NodeSettings settings, Revocations revocations) {
        this.crypto = crypto;
        this.settings = settings;
        this.revocations = revocations;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        String signature = in.message.header("signature");
        if (signature == null) {
            throw new JinkuException(RejectCode.MISSING_SIGNATURE, "acknowledgement is not signed");
        }
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "acknowledgement signature is not base64");
        }
        in.ackSigner = crypto.verify(in.message.body(), cms, settings.profile(in.from())).signer();
        revocations.check(in.ackSigner, "acknowledgement");
        in.ack = Ack.fromJson(in.message.body());
    }
}
