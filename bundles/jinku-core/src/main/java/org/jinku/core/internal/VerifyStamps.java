package org.jinku.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.StampEntry;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.VoucherStore;
import org.jinku.api.spi.VoucherType.StampPosition;
import org.jinku.eseal.Stamp;

/**
 * Checks every e-seal stamp of a voucher body: at one of the type's positions for its sender, with a seal the
 * sender registered (备案) here and has not revoked, over exactly this voucher text, signed by someone of the
 * sender's party. Stamps are kept with the signatures (post {@code STAMP}), so the stored envelope shows them.
 */
final class VerifyStamps implements InboundStep {

    static final String POST = "STAMP";

    private final SealDesk seals;

    VerifyStamps(SealDesk seals) {
        this.seals = seals;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        if (in.entry.stamps().isEmpty()) {
            return;
        }
        List<String> positions = in.type.positions(in.flag()).stream().map(StampPosition::no).toList();
        List<SignatureRow> rows = new ArrayList<>(in.signatures);
        List<String> seen = new ArrayList<>();
        for (StampEntry e : in.entry.stamps()) {
            String what = "stamp at " + e.position();
            if (!positions.contains(e.position())) {
                throw new JinkuException(RejectCode.BAD_SEAL, what + ": voucher type " + in.type.vtCode()
                        + (in.flag() == 1 ? " 回单" : "") + " has no such stamp position (it has " + positions + ")");
            }
            if (seen.contains(e.position())) {
                throw new JinkuException(RejectCode.BAD_SEAL, what + " appears twice");
            }
            seen.add(e.position());
            Stamp stamp = seals.verifyStamp(in.peer, e.position(), e.sesSignatureBase64(), in.entry.voucherBase64(), what);
            rows.add(new SignatureRow(0, rows.size() + 1, e.position(), null, POST,
                    stamp.signer().getSerialNumber().toString(16).toUpperCase(),
                    stamp.signer().getSubjectX500Principal().getName(), e.sesSignatureBase64(), Instant.now()));
        }
        in.signatures = rows;
    }
}
