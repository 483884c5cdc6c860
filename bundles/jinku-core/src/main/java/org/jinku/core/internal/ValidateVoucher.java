package org.jinku.core.internal;

import java.util.List;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.PartyRole;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherStore;

/**
 * Decodes one voucher body and checks it: the key inside is the key outside, the type is known, every
 * field follows its rule, and the type travels between these two parties in this direction.
 */
final class ValidateVoucher implements InboundStep {

    private final VoucherCatalog catalog;
    private final PartyRole self;

    ValidateVoucher(VoucherCatalog catalog, PartyRole self) {
        this.catalog = catalog;
        this.self = self;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        VoucherKey key = in.entry.key();
        in.voucher = catalog.fromBase64(in.entry.voucherBase64());
        if (!key.equals(in.voucher.key())) {
            throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "VoucherBody says " + key
                    + " but the voucher inside is " + in.voucher.key());
        }
        in.type = catalog.type(key.vtCode()).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_VOUCHER_TYPE,
                "voucher type " + key.vtCode() + " is not in the catalogue"));
        List<FieldError> errors = catalog.validate(in.voucher, in.flag());
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        // A voucher comes from its type's sender to its receiver; a 回单 goes back the other way.
        PartyRole to = in.flag() == 0 ? in.type.receiver() : in.type.sender();
        PartyRole from = in.flag() == 0 ? in.type.sender() : in.type.receiver();
        String what = (in.flag() == 0 ? "voucher type " : "a 回单 of voucher type ") + key.vtCode();
        // ... or, as a copy, to a role the type names (the PBoC's 划款 回单 to finance).
        if (to != self && !(in.flag() == 1 && in.type.receiptCopyTo().contains(self))) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, what + " goes to " + to + ", this node is " + self);
        }
        if (from != in.peer.role()) {
            throw new JinkuException(RejectCode.SENDER_MISMATCH, what + " is sent by " + from + ", but it came from "
                    + in.peer.address() + " (" + in.peer.role() + ")");
        }
    }
}
