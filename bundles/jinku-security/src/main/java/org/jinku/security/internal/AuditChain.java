package org.jinku.security.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;

import org.jinku.api.security.AuditEntry;

/**
 * The hash chain of the audit trail (审计链): each entry's hash is SM3 over the previous entry's hash and this
 * entry's fields, so changing, deleting or moving an entry breaks every link after it.
 * <p>
 * Encoding: each of prev_hash, seq (decimal), at (epoch milliseconds, decimal), actor, channel, action,
 * target, outcome and detail is written as a 4-byte big-endian length and its UTF-8 bytes; a null field
 * is the length -1 and no bytes. So no two different entries encode alike ("ab"+"c" differs from "a"+"bc").
 */
final class AuditChain {

    /** The prev_hash of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    static String hash(String prevHash, long seq, Instant at, String actor, String channel, String action,
                       String target, String outcome, String detail) {
        SM3Digest sm3 = new SM3Digest();
        field(sm3, prevHash);
        field(sm3, Long.toString(seq));
        field(sm3, Long.toString(at.toEpochMilli()));
        field(sm3, actor);
        field(sm3, channel);
        field(sm3, action);
        field(sm3, target);
        field(sm3, outcome);
        field(sm3, detail);
        byte[] out = new byte[sm3.getDigestSize()];
        sm3.doFinal(out, 0);
        return Hex.toHexString(out);
    }

    /** The hash {@code e} would have at position {@code seq} after {@code prevHash}. */
    static String hash(String prevHash, long seq, AuditEntry e) {
        return hash(prevHash, seq, e.at(), e.actor(), e.channel(), e.action(), e.target(), e.outcome(), e.detail());
    }

    private static void field(SM3Digest sm3, String value) {
        if (value == null) {
            int4(sm3, -1);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        int4(sm3, b.length);
        sm3.update(b, 0, b.length);
    }

    private static void int4(SM3Digest sm3, int v) {
        sm3.update((byte) (v >>> 24));
        sm3.update((byte) (v >>> 16));
        sm3.update((byte) (v >>> 8));
        sm3.update((byte) v);
    }
}
