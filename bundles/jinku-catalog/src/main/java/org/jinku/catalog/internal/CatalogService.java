package org.jinku.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
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
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * The catalogue service: voucher types from the data files listed in {@code catalog/index.txt},
 * validation, and the MOF XML codec. Configured by PID {@code jinku.catalog} ({@code etc/jinku.catalog.cfg}):
 * size caps; per meaning, the VtCode ({@code vtcode.<meaning>}), receiver ({@code receiver.<meaning>}),
 * routing field ({@code route.<meaning>}) and line limit ({@code maxDetails.<meaning>}), since provinces
 * differ; and {@code values.<VtCode>.<Field>} to set a field's allowed values. The data files are the
 * defaults; configuration that names no meaning or field, or breaks a rule, fails activation.
 */
@Component(service = VoucherCatalog.class, configurationPid = "jinku.catalog")
public class CatalogService implements VoucherCatalog {

    /** Largest envelope accepted; a single 5201 with 2,000 lines is ≈ 2 MB. */
    static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    static final String VALUES_PREFIX = "values.";
    static final String VTCODE_PREFIX = "vtcode.";
    static final String RECEIVER_PREFIX = "receiver.";
    static final String ROUTE_PREFIX = "route.";
    static final String MAX_DETAILS_PREFIX = "maxDetails.";
    private static final List<String> MEANING_PREFIXES = List.of(VTCODE_PREFIX, RECEIVER_PREFIX, ROUTE_PREFIX,
            MAX_DETAILS_PREFIX);

    /**
     * The position a receiver seals its receipts at when configuration sends a type to another role than its
     * data file (the data's own receipt positions belong to the data's receiver).
     */
    static final Map<PartyRole, StampPosition> RECEIPT_SEALS = Map.of(
            PartyRole.AGENT_BANK, new StampPosition("yh_qz", "代理银行签章", Post.SEAL, true),
            PartyRole.PBOC, new StampPosition("rh_ywzqz", "人民银行业务专用章", Post.SEAL, true),
            PartyRole.BUDGET_UNIT, new StampPosition("dw_gz", "预算单位公章", Post.SEAL, true),
            PartyRole.FINANCE, new StampPosition("cz_gz", "财政公章", Post.SEAL, true));

    /** The types as the bundle's data files define them, by meaning in index order; configuration applies over these. */
    private final Map<String, VoucherType> builtIn = new LinkedHashMap<>();
    /** Rules beyond VoucherType, by meaning (a meaning never changes; a VtCode may). */
    private final Map<String, TypeRules> rules = new HashMap<>();
    private volatile Types types;
    private volatile MofXml xml = new MofXml(DEFAULT_MAX_BYTES);

    /** The configured types, looked up both ways; replaced as a whole so a reader never sees half a change. */
    private record Types(Map<String, VoucherType> byCode, Map<String, VoucherType> byMeaning, List<VoucherType> sorted) {

        static Types of(Collection<VoucherType> all) {
            Map<String, VoucherType> byCode = new TreeMap<>();
            Map<String, VoucherType> byMeaning = new HashMap<>();
            for (VoucherType t : all) {
                VoucherType other = byCode.putIfAbsent(t.vtCode(), t);
                if (other != null) {
                    throw new IllegalArgumentException("jinku.catalog: VtCode " + t.vtCode() + " would mean both "
                            + other.meaning() + " and " + t.meaning() + "; every type needs its own VtCode (set "
                            + VTCODE_PREFIX + "<meaning>)");
                }
                if (byMeaning.putIfAbsent(t.meaning(), t) != null) {
                    throw new IllegalArgumentException("jinku.catalog: meaning " + t.meaning() + " is defined twice");
                }
            }
            return new Types(Map.copyOf(byCode), Map.copyOf(byMeaning), List.copyOf(byCode.values()));
        }
    }

    public CatalogService() {
        loadBuiltIn();
        types = Types.of(builtIn.values());
    }

    /** A configuration change applies at once (no restart of the services that use the catalogue). */
    @Activate
    @Modified
    void activate(Map<String, Object> config) {
        MofXml codec = new MofXml(intProperty(config, "maxMessageBytes", DEFAULT_MAX_BYTES),
                intProperty(config, "maxVoucherCount", MofXml.DEFAULT_MAX_VOUCHERS),
                intProperty(config, "maxSignatureChars", MofXml.DEFAULT_MAX_SIGNATURE_CHARS));
        Map<String, VoucherType> byCode = new TreeMap<>(Types.of(configureTypes(config)).byCode());
        for (Map.Entry<String, Object> p : new TreeMap<>(config).entrySet()) {
            if (p.getKey().startsWith(VALUES_PREFIX)) {
                Object v = p.getValue();
                // A .cfg gives a string; a .config or the REST of Config Admin may give an array.
                String list = v instanceof String[] a ? String.join(",", a)
                        : v instanceof java.util.Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
                        : String.valueOf(v);
                applyValues(byCode, p.getKey(), list);
            }
        }
        Types configured = Types.of(byCode.values());
        types = configured;
        xml = codec;
    }

    /** The built-in types with {@code vtcode.}, {@code receiver.}, {@code route.} and {@code maxDetails.} applied. */
    private List<VoucherType> configureTypes(Map<String, Object> config) {
        for (String key : new TreeMap<>(config).keySet()) {
            for (String prefix : MEANING_PREFIXES) {
                if (key.startsWith(prefix) && !builtIn.containsKey(key.substring(prefix.length()))) {
                    throw new IllegalArgumentException("jinku.catalog: " + key + " names no voucher type; write "
                            + prefix + "<meaning>, the meanings being " + builtIn.keySet());
                }
            }
        }
        List<VoucherType> out = new ArrayList<>();
        for (VoucherType t : builtIn.values()) {
            String m = t.meaning();
            String code = setting(config, VTCODE_PREFIX + m);
            if (code == null) {
                code = t.vtCode();
            } else if (!TypeLoader.VT_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("jinku.catalog: " + VTCODE_PREFIX + m + " = '" + code
                        + "': a VtCode is 4 letters or digits");
            }
            String receiver = setting(config, RECEIVER_PREFIX + m);
            PartyRole to = receiver == null ? t.receiver() : TypeLoader.role(receiver, "jinku.catalog: " + RECEIVER_PREFIX + m);
            if (to == t.sender()) {
                throw new IllegalArgumentException("jinku.catalog: " + RECEIVER_PREFIX + m + " = " + to
                        + ": that is the sender of " + m + " itself");
            }
            String route = t.routeField();
            if (config.containsKey(ROUTE_PREFIX + m)) {
                route = setting(config, ROUTE_PREFIX + m);
                if (route != null && t.field(route, false).isEmpty()) {
                    throw new IllegalArgumentException("jinku.catalog: " + ROUTE_PREFIX + m + " = " + route
                            + ": not a header field of " + t.vtCode() + " (" + t.name() + "); empty routes to the only "
                            + "peer of the receiving role");
                }
            }
            int max = t.maxDetails();
            String limit = setting(config, MAX_DETAILS_PREFIX + m);
            if (limit != null) {
                try {
                    max = Integer.parseInt(limit);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 0 || (max > 0 && max < t.minDetails())) {
                    throw new IllegalArgumentException("jinku.catalog: " + MAX_DETAILS_PREFIX + m + " = '" + limit
                            + "': a whole number of lines, at least " + Math.max(1, t.minDetails()) + ", or 0 for no limit");
                }
            }
            VoucherType c = t.configured(code, to, route, max);
            out.add(to == t.receiver() ? c : redirected(c));
        }
        return out;
    }

    /** A type sent to another role than in its data: that role seals the receipt and gets no copy of it. */
    private static VoucherType redirected(VoucherType t) {
        List<StampPosition> seal = t.receiptDue() ? List.of(RECEIPT_SEALS.get(t.receiver())) : List.of();
        List<PartyRole> copyTo = t.receiptCopyTo().stream().filter(r -> r != t.receiver()).toList();
        return new VoucherType(t.vtCode(), t.name(), t.meaning(), t.vtCodeChosen(), t.sender(), t.receiver(),
                t.routeField(), t.receiptDue(), copyTo, t.headerFields(), t.detailFields(), t.senderPositions(), seal,
                t.minDetails(), t.maxDetails(), t.negativeAmounts(), t.sumField());
    }

    private static String setting(Map<String, Object> config, String name) {
        Object v = config.get(name);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
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
     * lines) of the type configured under that VtCode. Empty lifts the restriction, except for an enum
     * field. A property that names no field, or a value that breaks the field's own rule, fails the
     * configuration rather than being ignored.
     */
    private static void applyValues(Map<String, VoucherType> types, String property, String list) {
        String[] parts = property.substring(VALUES_PREFIX.length()).split("\\.", 2);
        VoucherType t = parts.length == 2 ? types.get(parts[0]) : null;
        String field = parts.length == 2 ? parts[1] : "";
        if (t == null || (find(t.headerFields(), field) == null && find(t.detailFields(), field) == null)) {
            throw new IllegalArgumentException("jinku.catalog: " + property
                    + " names no field of a catalogued voucher type (write values.<VtCode>.<Field>, with the VtCode "
                    + "the type is configured under)");
        }
        List<String> values = new ArrayList<>();
        for (String v : list.split(",")) {
            if (!v.isBlank()) {
                values.add(v.strip());
            }
        }
        types.put(t.vtCode(), new VoucherType(t.vtCode(), t.name(), t.meaning(), t.vtCodeChosen(), t.sender(),
                t.receiver(), t.routeField(), t.receiptDue(), t.receiptCopyTo(),
                withValues(t, t.headerFields(), field, values, property),
                withValues(t, t.detailFields(), field, values, property),
                t.senderPositions(), t.receiptPositions(), t.minDetails(), t.maxDetails(), t.negativeAmounts(),
                t.sumField()));
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
                    TypeLoader.Loaded loaded = TypeLoader.load(in);
                    VoucherType t = loaded.type();
                    if (builtIn.containsKey(t.meaning())) {
                        throw new IllegalStateException("catalog/" + name + ": meaning " + t.meaning()
                                + " is already that of " + builtIn.get(t.meaning()).vtCode());
                    }
                    builtIn.put(t.meaning(), t);
                    rules.put(t.meaning(), loaded.rules());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the voucher catalogue", e);
        }
        for (Map.Entry<String, TypeRules> r : rules.entrySet()) {
            String to = r.getValue().overflowTo();
            if (to != null && !builtIn.containsKey(to)) {
                throw new IllegalStateException("catalogue type " + r.getKey() + ": overflowTo " + to
                        + " is not a meaning of the catalogue");
            }
        }
    }

    @Override
    public Optional<VoucherType> type(String vtCode) {
        return Optional.ofNullable(vtCode == null ? null : types.byCode().get(vtCode));
    }

    @Override
    public List<VoucherType> types() {
        return types.sorted();
    }

    @Override
    public Optional<VoucherType> byMeaning(String meaning) {
        return Optional.ofNullable(meaning == null ? null : types.byMeaning().get(meaning));
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
        Types current = types;
        VoucherType type = current.byCode().get(vt);
        if (type == null) {
            return List.of(new FieldError(Voucher.VT_CODE, "unknown",
                    "voucher type " + VoucherValidator.quote(vt) + " is not in the catalogue"));
        }
        TypeRules r = rules.getOrDefault(type.meaning(), TypeRules.NONE);
        String hint = null;
        if (type.maxDetails() > 0 && voucher.details().size() > type.maxDetails()) {
            VoucherType companion = r.overflowTo() == null ? null : current.byMeaning().get(r.overflowTo());
            hint = (companion == null ? "split it into several vouchers"
                    : "bigger batches go as the " + companion.vtCode() + " companion (" + companion.name() + ")")
                    + "; the limit is " + MAX_DETAILS_PREFIX + type.meaning() + " in etc/jinku.catalog.cfg";
        }
        return VoucherValidator.validate(type, r, hint, voucher, voucherFlag);
    }

    @Override
    public Voucher forSending(Voucher voucher) {
        if (voucher == null) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "no voucher given");
        }
        VoucherType type = voucher.vtCode() == null ? null : types.byCode().get(voucher.vtCode());
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
