package org.jinku.core.internal;

import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherStore;

/** Parses the MOF envelope: structure, sizes and caps, no DTDs (the catalogue's codec). */
final class ReadEnvelope implements InboundStep {

    private final VoucherCatalog catalog;

    ReadEnvelope(VoucherCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        in.entries = catalog.readEnvelope(in.payload != null ? in.payload : in.message.body());
    }
}
