package org.jinku.adapter.legacysoap.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.Node;
import org.jinku.api.VoucherView;
import org.jinku.api.Voucher;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.VoucherCatalog;

/**
 * The party adapter of nodes whose host systems are deployed front-ends that speak the voucher library's SOAP
 * API. It does nothing on its own when a voucher arrives: the front-end polls (readVoucher) and answers
 * (confirmVoucher, a 回单 through signStampByNosAndSend) over {@link LegacySoapServlet}. A node is served only
 * when its cfg binds this adapter ({@code adapter.target = (jinku.adapter=legacy-soap)}), so no simulator or
 * other adapter answers the vouchers the front-end is to read.
 */
@Component(service = {PartyAdapter.class, LegacySoapAdapter.class}, configurationPid = "jinku.adapter.legacysoap",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = PartyAdapter.SERVICE_PROPERTY + "="
        + LegacySoapAdapter.ID)
public class LegacySoapAdapter implements PartyAdapter {

    public static final String ID = "legacy-soap";
    private static final Logger LOG = LoggerFactory.getLogger(LegacySoapAdapter.class);

    @Reference
    VoucherCatalog catalog;

    private volatile LegacySettings settings;
    private volatile LegacyVoucherService service;

    @Activate
    @Modified
    void configure(Map<String, Object> config) {
        LegacySettings s = LegacySettings.from(config);
        settings = s;
        service = new LegacyVoucherService(catalog, s);
        LOG.info("legacy-soap: endpoints {}, {} certID(s), org types {}", s.services(), s.certIds().size(),
                s.orgTypes());
    }

    public LegacySettings settings() {
        return settings;
    }

    LegacyVoucherService service() {
        return service;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void voucherReceived(Node node, VoucherView view, Voucher content) {
        // Waits for the front-end's readVoucher; the arrival is in the voucher's history already.
        LOG.debug("legacy-soap: {} received {} for the front-end to read", node.name(), view.key());
    }

    @Override
    public List<String> commands() {
        return List.of();
    }
}
