package org.jinku.core.internal;

import java.security.cert.X509Certificate;
import java.util.List;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.Voucher;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherType;

/**
 * What the inbound steps learn about one message (and, for an envelope, about one of its voucher
 * bodies) as it passes through them. Each step reads what the steps before it found and adds its own.
 */
final class Inbound {

    final PeerTransport.Message message;
    /** The configured peer the transport says sent it; its signatures must then be that peer's. */
    Peers.Peer peer;
    /** Set once a step has answered the message completely (an identical redelivery). */
    boolean done;

    // an envelope
    /** The envelope's bytes: the message body, or what it decrypts to when the peer encrypts its payload. */
    byte[] payload;
    List<EnvelopeEntry> entries;

    // one voucher body of an envelope
    EnvelopeEntry entry;
    /** SM3 of the voucher text: what every answer about it carries. */
    String digest;
    Voucher voucher;
    VoucherType type;
    List<SignatureRow> signatures;
    /** For a 回单: the voucher sent from here that it answers, locked. */
    VoucherRow original;
    ReceiptCheck.Result receipt;
    /** A receipt copy (回单抄送) of a voucher between two other parties: stored, answered, applied to nothing. */
    boolean copy;
    /** A voucher's live version here that the peer refused or had returned: this content is its next version. */
    VoucherRow replaces;
    /** A refusal must not name the key: the node holds other content under it (a duplicate). */
    boolean refuseWithoutKey;

    // an acknowledgement
    Ack ack;
    X509Certificate ackSigner;

    Inbound(PeerTransport.Message message) {
        this.message = message;
    }

    /** A context for one voucher body of this envelope. */
    Inbound forEntry(EnvelopeEntry e, String entryDigest) {
        Inbound in = new Inbound(message);
        in.peer = peer;
        in.entry = e;
        in.digest = entryDigest;
        return in;
    }

    String from() {
        return message.from();
    }

    int flag() {
        return entry.voucherFlag();
    }

    /** The sender's message id, bounded: it is echoed in answers and stored. */
    String messageId() {
        String id = message.messageId();
        return id == null || id.isEmpty() ? "?" : id.length() > 120 ? id.substring(0, 120) : id;
    }
}
