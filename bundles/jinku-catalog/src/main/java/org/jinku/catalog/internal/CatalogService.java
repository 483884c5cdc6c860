package org.jinku.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

/**
 * The catalogue service: voucher types from the data files listed in {@code catalog/index.txt},
 * validation, and the MOF XML codec.
 */
@Component(service = VoucherCatalog.class, configurationPid = "jinku.catalog")
public class CatalogService implements VoucherCatalog {

    /** Largest envelope accepted; a single 5201 with 2,000 lines is ≈ 2 MB. */
    static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

    private final Map<String, VoucherType> types = new TreeMap<>();
    private MofXml xml = new MofXml(DEFAULT_MAX_BYTES);

    public CatalogService() {
        loadBuiltIn();
    }

    @Activate
    void activate(Map<String, Object> config) {
        Object max = config.get("maxMessageBytes");
        if (max != null) {
            xml = new MofXml(Integer.parseInt(max.toString().trim()));
        }
    }

    private void loadBuiltIn() {
        ClassLoader cl = CatalogService.class.getClassLoader();
        try (InputStream index = cl.getResourceAsStream("catalog/index.txt")) {
            if (index == null) {
                throw new IllegalStateException("catalog/index.txt missing from the bundle");
            }
            for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = cl.getResourceAsStream("catalog/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("catalog/" + name + " listed but missing");
                    }
                    VoucherType t = TypeLoader.load(in);
                    types.put(t.vtCode(), t);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the voucher catalogue", e);
        }
    }

    @Override
    public Optional<VoucherType> type(String vtCode) {
        return Optional.ofNullable(vtCode == null ? null : types.get(vtCode));
    }

    @Override
    public List<VoucherType> types() {
        return new ArrayList<>(types.values());
    }

    @Override
    public List<FieldError> validate(Voucher voucher, int voucherFlag) {
        String vt = voucher.vtCode();
        VoucherType type = types.get(vt);
        if (type == null) {
            return List.of(new FieldError("VtCode", "unknown",
                    vt == null || vt.isEmpty() ? "VtCode is required" : "voucher type " + vt + " is not in the catalogue"));
        }
        return VoucherValidator.validate(type, voucher, voucherFlag);
    }

    @Override
    public byte[] toXml(Voucher voucher) {
        return xml.writeVoucher(voucher);
    }

    @Override
    public Voucher fromXml(byte[] bytes) {
        return xml.readVoucher(bytes);
    }

    @Override
    public String toBase64(Voucher voucher) {
        return MofXml.toBase64(xml.writeVoucher(voucher));
    }

    @Override
    public Voucher fromBase64(String voucherBase64) {
        if (voucherBase64 == null || voucherBase64.isBlank()) {
            throw new JinkuException(RejectCode.BAD_BASE64, "the <Voucher> base64 text is empty");
        }
        return xml.readVoucher(MofXml.fromBase64(voucherBase64));
    }

    @Override
    public byte[] writeEnvelope(List<EnvelopeEntry> entries) {
        return xml.writeEnvelope(entries);
    }

    @Override
    public List<EnvelopeEntry> readEnvelope(byte[] envelope) {
        return xml.readEnvelope(envelope);
    }
}
