package org.jinku.core.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.StoreRecords.OutboxRow;
import org.jinku.api.spi.VoucherStore;

/**
 * Messages between nodes that are not vouchers (seal registrations, attachments): the body travels as it is,
 * with a detached CMS of the sender's organisation key in the {@code signature} header, so the receiver knows
 * which party sent it whatever the transport says.
 */
final class SignedMessages {

    static final String SIGNATURE = "signature";

    private SignedMessages() {
    }

    /** Signs {@code body} with this node's organisation key and queues it for {@code peer}. */
    static void enqueue(NodeEngine node, VoucherStore.Session tx, String peer, String type, String id, byte[] body) {
        String sig = Base64.getEncoder().encodeToString(node.crypto().sign(node.settings().orgAlias(),
                node.settings().orgPinChars(), body, node.settings().profile(peer)));
        tx.enqueue(new OutboxRow(0, peer, type, type + ":" + id, Map.of(SIGNATURE, sig), body, 0, Instant.now()));
    }

    /** Checks that {@code body} carries a valid, unrevoked signature of {@code peer}'s organisation. */
    static void verify(NodeEngine node, Peers.Peer peer, byte[] body, String signature, String what) {
        if (signature == null) {
            throw new JinkuException(RejectCode.MISSING_SIGNATURE, what + " is not signed");
        }
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, what + " signature is not base64");
        }
        X509Certificate signer = node.crypto().verify(body, cms, node.settings().profile(peer.address())).signer();
        node.revocations().check(signer, what);
        node.peers().requireOrganisation(peer, signer, what);
    }
}
