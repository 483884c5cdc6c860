package org.jinku.adapter.legacysoap.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The adapter's configuration ({@code etc/jinku.adapter.legacysoap.cfg}): which node each endpoint serves,
 * what each {@code certID} a front-end passes stands for, and the org-type codes of the parties.
 * <pre>
 * service.AsspFinanceService = finance
 * certid.TC0001 = finance/lr01        a person: signs at that operator's post with the PIN below
 * certid.TC0001.pin = 110111
 * certid.TC0001.serial = 1a2b         optional: the serial (hex) of the certificate the person signs with in the
 *                                     front-end (saveSignVoucher), when it is not the one Jinku holds
 * certid.011 = finance                the front-end itself: reads, answers (its 回单 signed by the node's organisation
 *                                     key), status, sending; never signs for a person
 * orgtype.105 = bank105               decOrgType / srcOrgType codes → the parties' transport addresses
 * </pre>
 */
public record LegacySettings(Map<String, String> services, Map<String, CertId> certIds, Map<String, String> orgTypes) {

    /** The endpoints of the deployed library; each is served for one node. */
    static final String[] SERVICES = {"AsspFinanceService", "AsspPBankService", "AsspCBankService", "AsspEStampService"};

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * What a certID stands for: a node and, for signing, one of its operators with the PIN of their container.
     *
     * @param user   the operator, or null for the front-end of the node as a whole
     * @param serial the hex serial of the certificate the operator signs with in the front-end, if configured
     */
    public record CertId(String id, String node, String user, String pin, String serial) {
    }

    static LegacySettings from(Map<String, ?> config) {
        Map<String, String> services = new LinkedHashMap<>();
        for (String s : SERVICES) {
            String node = string(config, "service." + s);
            if (!node.isEmpty()) {
                services.put(s, node);
            }
        }
        Map<String, CertId> ids = new TreeMap<>();
        Map<String, String> orgTypes = new TreeMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("certid.") && !k.endsWith(".pin") && !k.endsWith(".serial")) {
                String id = k.substring("certid.".length());
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("legacy-soap: certID '" + id + "' has characters other than"
                            + " letters, digits, '.', '_' and '-'");
                }
                String value = string(config, k);
                int slash = value.indexOf('/');
                String node = slash < 0 ? value : value.substring(0, slash);
                String user = slash < 0 ? null : value.substring(slash + 1);
                if (node.isEmpty() || (user != null && user.isEmpty())) {
                    throw new IllegalArgumentException("legacy-soap: " + k + " must be <node> or <node>/<user>, got '"
                            + value + "'");
                }
                String serial = string(config, k + ".serial").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
                ids.put(id, new CertId(id, node, user, string(config, k + ".pin"), serial.isEmpty() ? null : serial));
            } else if (k.startsWith("orgtype.")) {
                orgTypes.put(k.substring("orgtype.".length()), string(config, k));
            }
        }
        return new LegacySettings(Collections.unmodifiableMap(services), Collections.unmodifiableMap(ids),
                Collections.unmodifiableMap(orgTypes));
    }

    Optional<CertId> certId(String id) {
        return Optional.ofNullable(id == null ? null : certIds.get(id));
    }

    /** The operator of {@code node} who signs in the front-end with the certificate of this serial. */
    Optional<CertId> bySerial(String node, String serialHex) {
        String s = serialHex.toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        return certIds.values().stream().filter(c -> node.equals(c.node()) && c.user() != null && s.equals(c.serial()))
                .findFirst();
    }

    /** The org-type code of a transport address (the inverse of orgtype.*), or the address itself. */
    public String orgTypeOf(String address) {
        return orgTypes.entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey)
                .findFirst().orElse(address);
    }

    private static String string(Map<String, ?> config, String key) {
        Object v = config.get(key);
        return v == null ? "" : v.toString().trim();
    }
}
