package org.jinku.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;

/**
 * The catalogue service: voucher types from the data files listed in {@code catalog/index.txt},
 * validation, and the MOF XML codec. Configured by PID {@code jinku.catalog} ({@code etc/jinku.catalog.cfg}):
 * size caps, and {@code values.<VtCode>.<Field>} to set a field's allowed values per province.
 */
@Component(service = VoucherCatalog.class, configurationPid = "jinku.catalog")
public class CatalogService implements VoucherCatalog {

    /** Largest envelope accepted; a single 5201 with 2,000 lines is ≈ 2 MB. */
    static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    static final String VALUES_PREFIX = "values.";

    /** The types as the bundle's data files define them; configuration is applied over these. */
    private final Map<String, VoucherType> builtIn = new TreeMap<>();
    private volatile Map<String, VoucherType> types;
    private volatile MofXml xml = new MofXml(DEFAULT_MAX_BYTES);

    public CatalogService() {
        loadBuiltIn();
        types = Map.copyOf(builtIn);
    }

    /** A configuration change applies at once (no restart of the services that use the catalogue). */
    @Activate
    @Modified
    void activate(Map<String, Object> config) {
        MofXml codec = new MofXml(intProperty(config, "maxMessageBytes", DEFAULT_MAX_BYTES),
                intProperty(config, "maxVoucherCount", MofXml.DEFAULT_MAX_VOUCHERS),
                intProperty(config, "maxSignatureChars", MofXml.DEFAULT_MAX_SIGNATURE_CHARS));
        Map<String, VoucherType> configured = new TreeMap<>(builtIn);
        for (Map.Entry<String, Object> p : new TreeMap<>(config).entrySet()) {
            if (p.getKey().startsWith(VALUES_PREFIX)) {
                Object v = p.getValue();
                // A .cfg gives a string; a .config or the REST of Config Admin may give an array.
                String list = v instanceof String[] a ? String.join(",", a)
                        : v instanceof java.util.Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
                        : String.valueOf(v);
                applyValues(configured, p.getKey(), list);
            }
        }
        types = Map.copyOf(configured);
        xml = codec;
    }

    private static int intProperty(Map<String, Object> config, String name, int defaultValue) {
        Object v = config.get(name);
        if (v == null || v.toString().isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.toString().trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("jinku.catalog: " + name + " must be a positive whole number, got '" + v + "'");
    }

    /**
     * {@code values.5201.PayTypeCode = 11,12,91}: the allowed values of that field (header and detail
     * lines). Empty lifts the restriction, except for an enum field. A property that names no field, or
     * a value that breaks the field's own rule, fails the configuration rather than being ignored.
     */
    private static void applyValues(Map<String, VoucherType> types, String property, String list) {
        String[] parts = property.substring(VALUES_PREFIX.length()).split("\\.", 2);
        VoucherType t = parts.length == 2 ? types.get(parts[0]) : null;
        String field = parts.length == 2 ? parts[1] : "";
        if (t == null || (find(t.headerFields(), field) == null && find(t.detailFields(), field) == null)) {
            throw new IllegalArgumentException("jinku.catalog: " + property
                    + " names no field of a catalogued voucher type (write values.<VtCode>.<Field>)");
        }
        List<String> values = new ArrayList<>();
        for (String v : list.split(",")) {
            if (!v.isBlank()) {
                values.add(v.strip());
            }
        }
        types.put(t.vtCode(), new VoucherType(t.vtCode(), t.name(), t.sender(), t.receiver(),
                withValues(t, t.headerFields(), field, values, property),
                withValues(t, t.detailFields(), field, values, property),
                t.senderPositions(), t.receiptPositions(), t.minDetails(), t.negativeAmounts(), t.sumField()));
    }

    private static List<FieldDef> withValues(VoucherType t, List<FieldDef> defs, String field, List<String> values,
                                             String property) {
        List<FieldDef> out = new ArrayList<>(defs.size());
        for (FieldDef def : defs) {
            if (def.name().equals(field)) {
                if (values.isEmpty() && "enum".equals(def.rule())) {
                    throw new IllegalArgumentException("jinku.catalog: " + property + " may not be empty: "
                            + field + " is an enumeration");
                }
                FieldDef open = def.withValues(List.of());
                for (String v : values) {
                    String problem = VoucherValidator.problem(t, open, v);
                    if (problem != null) {
                        throw new IllegalArgumentException("jinku.catalog: " + property + ": '" + v + "' " + problem);
                    }
                }
                def = def.withValues(values);
            }
            out.add(def);
        }
        return out;
    }

    private static FieldDef find(List<FieldDef> defs, String name) {
        return defs.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
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
                    builtIn.put(t.vtCode(), t);
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
        return new ArrayList<>(new TreeMap<>(types).values());
    }

    @Override
    public List<FieldError> validate(Voucher voucher, int voucherFlag) {
        if (voucher == null) {
            return List.of(new FieldError("Voucher", "required", "no voucher given"));
        }
        if (voucherFlag != 0 && voucherFlag != 1) {
            return List.of(new FieldError("VoucherFlag", "enum",
                    "VoucherFlag must be 0 (voucher) or 1 (receipt), got " + voucherFlag));
        }
        String vt = voucher.vtCode();
        if (vt == null || vt.isBlank()) {
            return List.of(new FieldError(Voucher.VT_CODE, "required", "VtCode (凭证类型编号) is required"));
        }
        VoucherType type = types.get(vt);
        if (type == null) {
            return List.of(new FieldError(Voucher.VT_CODE, "unknown",
                    "voucher type " + VoucherValidator.quote(vt) + " is not in the catalogue"));
        }
        return VoucherValidator.validate(type, voucher, voucherFlag);
    }

    @Override
    public Voucher forSending(Voucher voucher) {
        if (voucher == null) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "no voucher given");
        }
        VoucherType type = voucher.vtCode() == null ? null : types.get(voucher.vtCode());
        if (type == null) {
            return voucher;
        }
        List<Map<String, String>> lines = new ArrayList<>(voucher.details().size());
        for (Map<String, String> d : voucher.details()) {
            lines.add(withEmptyReceiptFields(type.detailFields(), d));
        }
        return new Voucher(withEmptyReceiptFields(type.headerFields(), voucher.header()), lines);
    }

    /**
     * {@code fields} with each missing receipt-only field added empty, right after the catalogue field
     * before it that is present: catalogue order for a voucher in catalogue order, and the sender's order
     * of its own fields kept otherwise.
     */
    static Map<String, String> withEmptyReceiptFields(List<FieldDef> defs, Map<String, String> fields) {
        List<String> atStart = new ArrayList<>();
        Map<String, List<String>> after = new HashMap<>();
        String anchor = null;
        for (FieldDef def : defs) {
            if (fields.containsKey(def.name())) {
                anchor = def.name();
            } else if (def.receiptOnly()) {
                (anchor == null ? atStart : after.computeIfAbsent(anchor, k -> new ArrayList<>())).add(def.name());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        atStart.forEach(n -> out.put(n, ""));
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out.put(f.getKey(), f.getValue());
            after.getOrDefault(f.getKey(), List.of()).forEach(n -> out.put(n, ""));
        }
        return out;
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
