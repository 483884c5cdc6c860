package org.jinku.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jinku.api.CryptoProfile;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;

/**
 * A node's configuration, read from its factory configuration {@code etc/jinku.node-<name>.cfg}.
 *
 * <pre>
 * jinku.node = finance             # node name, also its crypto alias prefix
 * role = FINANCE                   # FINANCE | PBOC | AGENT_BANK | BUDGET_UNIT
 * address = finance                # transport address (default: the name)
 * admDivCode = 210000              # vouchers of other divisions are refused (optional)
 * peer.AGENT_BANK = bank105, bank102  # the peers of each party role (transport addresses)
 * peer.bank105.code = 105          # the codes a voucher's routing field names this peer by (e.g. PayBankCode)
 * users = lr01:ENTRY, sh01:REVIEW  # operators and their posts ('+' joins several posts)
 * transport.user = finance         # the node's own login to the transport (default: the address)
 * transport.password = …
 * peer.bank.certificate = /path    # a peer's organisation certificate (PEM); or:
 * peer.bank.ca = CN=…              #   the subject of the CA that issues the peer's certificates
 * peer.bank.subject = CN=…,O=bank  #   and the subject of its organisation certificate
 * org.pin = …                      # PIN of the organisation's key container (server-side signatures)
 * pin.lr01 = …                     # an operator's initial PIN, used only to create their container
 * peer.bank.identifiers = GMT      # CMS identifiers written for this peer: PKCS7 (default) | GMT (GM/T 0010)
 * peer.bank.sm2.userId = …         # SM2 user ID of this peer's signatures and of ours to it (default 1234567812345678)
 * peer.bank.signature.encoding = RAW  # SM2 signature value: DER (default) | RAW (r‖s)
 * peer.bank.sm2.cipher = C1C2C3    # SM2 ciphertext layout: C1C3C2 (default) | C1C2C3
 * peer.bank.encrypt = true         # envelopes to this peer travel SM4-encrypted, the key wrapped for its certificate
 * stamps.5201 = yh_qz              # stamp positions where this node applies its e-seal, per VtCode
 * crl.interval.minutes = 60        # how often the CA's CRL goes to every peer (also on start and at once on 挂失)
 * certificate.expiry.warning.days = 60
 * </pre>
 * A peer without {@code certificate}/{@code ca}/{@code subject} is a node of this box: its organisation
 * certificate is the one the crypto provider holds for {@code <address>/org}.
 */
record NodeSettings(String name, PartyRole role, String address, String admDivCode,
                    Map<PartyRole, java.util.List<String>> peers, Map<String, Set<String>> peerCodes,
                    Map<String, Set<Post>> users, String transportUser, String transportPassword,
                    Map<String, PeerIdentityConfig> peerIdentities, String orgPin, Map<String, String> initialPins,
                    Map<String, CryptoProfile> profiles, Set<String> encryptFor, Map<String, java.util.List<String>> stamps,
                    int crlIntervalMinutes, int expiryWarningDays, Map<String, String> personCas) {

    /** How a peer's certificates are recognised, when configured rather than found in this box. */
    record PeerIdentityConfig(String certificateFile, String caSubject, String orgSubject) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    static NodeSettings from(Map<String, ?> config) {
        String name = required(config, "jinku.node");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("jinku.node must be 1-32 of [A-Za-z0-9._-]: '" + name + "'");
        }
        PartyRole role;
        try {
            role = PartyRole.valueOf(required(config, "role").toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node " + name + ": role must be one of FINANCE, PBOC, AGENT_BANK,"
                    + " BUDGET_UNIT");
        }
        Map<PartyRole, java.util.List<String>> peers = new EnumMap<>(PartyRole.class);
        Map<String, Set<String>> codes = new java.util.TreeMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (PartyRole r : PartyRole.values()) {
            java.util.List<String> addresses = new java.util.ArrayList<>();
            for (String a : list(config, "peer." + r.name())) {
                String address = checkedName(name, "peer." + r.name(), a);
                if (!seen.add(address)) {
                    throw new IllegalArgumentException("node " + name + ": peer " + address + " is listed twice");
                }
                addresses.add(address);
                Set<String> own = new java.util.LinkedHashSet<>(list(config, "peer." + address + ".code"));
                codes.put(address, Collections.unmodifiableSet(own));
            }
            if (!addresses.isEmpty()) {
                peers.put(r, java.util.List.copyOf(addresses));
            }
        }
        Map<String, Set<Post>> users = new LinkedHashMap<>();
        Object u = config.get("users");
        if (u != null) {
            for (String entry : u.toString().split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.trim().split(":");
                if (parts.length != 2 || !NAME.matcher(parts[0].trim()).matches() || parts[0].trim().equals("org")) {
                    throw new IllegalArgumentException("node " + name + ": users entry must be id:POST[+POST] (id not"
                            + " 'org', the organisation key's name), got '" + entry.trim() + "'");
                }
                Set<Post> posts = EnumSet.noneOf(Post.class);
                for (String p : parts[1].split("\\+")) {
                    posts.add(Post.valueOf(p.trim().toUpperCase()));
                }
                users.put(parts[0].trim(), Collections.unmodifiableSet(posts));
            }
        }
        String address = checkedName(name, "address", string(config, "address", name));
        String adm = string(config, "admDivCode", "");
        if (config.get("acceptFrom") != null && !config.get("acceptFrom").toString().isBlank()) {
            // Senders are known by their signatures now; an address that is no peer cannot be bound to any.
            throw new IllegalArgumentException("node " + name + ": acceptFrom is no longer supported; configure the"
                    + " sender as a peer (peer.<ROLE> = <address>) with its certificates");
        }
        Map<String, PeerIdentityConfig> identities = new java.util.TreeMap<>();
        for (String peer : codes.keySet()) {
            String file = string(config, "peer." + peer + ".certificate", "");
            String ca = string(config, "peer." + peer + ".ca", "");
            String subject = string(config, "peer." + peer + ".subject", "");
            if (!file.isEmpty() || !ca.isEmpty() || !subject.isEmpty()) {
                if (file.isEmpty() && (ca.isEmpty() || subject.isEmpty())) {
                    throw new IllegalArgumentException("node " + name + ": peer " + peer + " needs either"
                            + " peer." + peer + ".certificate or both peer." + peer + ".ca and peer." + peer + ".subject");
                }
                identities.put(peer, new PeerIdentityConfig(file, ca, subject));
            }
        }
        Map<String, String> pins = new java.util.TreeMap<>();
        for (String user : users.keySet()) {
            String pin = string(config, "pin." + user, "");
            if (!pin.isEmpty()) {
                pins.put(user, pin);
            }
        }
        Map<String, CryptoProfile> profiles = new java.util.TreeMap<>();
        Set<String> encrypt = new java.util.TreeSet<>();
        for (String peer : codes.keySet()) {
            try {
                String prefix = "peer." + peer + ".";
                profiles.put(peer, new CryptoProfile(
                        CryptoProfile.parse(CryptoProfile.Identifiers.class, prefix + "identifiers",
                                string(config, prefix + "identifiers", ""), CryptoProfile.Identifiers.PKCS7),
                        string(config, prefix + "sm2.userId", CryptoProfile.DEFAULT_USER_ID),
                        CryptoProfile.parse(CryptoProfile.Encoding.class, prefix + "signature.encoding",
                                string(config, prefix + "signature.encoding", ""), CryptoProfile.Encoding.DER),
                        CryptoProfile.parse(CryptoProfile.CipherLayout.class, prefix + "sm2.cipher",
                                string(config, prefix + "sm2.cipher", ""), CryptoProfile.CipherLayout.C1C3C2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + name + ": " + e.getMessage());
            }
            if (Boolean.parseBoolean(string(config, "peer." + peer + ".encrypt", "false"))) {
                encrypt.add(peer);
            }
        }
        Map<String, java.util.List<String>> stamps = new java.util.TreeMap<>();
        for (String key : config.keySet()) {
            if (key.startsWith("stamps.")) {
                stamps.put(key.substring("stamps.".length()), java.util.List.copyOf(list(config, key)));
            }
        }
        return new NodeSettings(name, role, address, adm, Collections.unmodifiableMap(peers),
                Collections.unmodifiableMap(codes),
                Collections.unmodifiableMap(users), string(config, "transport.user", address),
                string(config, "transport.password", ""), Collections.unmodifiableMap(identities),
                string(config, "org.pin", ""), Collections.unmodifiableMap(pins), Collections.unmodifiableMap(profiles),
                Collections.unmodifiableSet(encrypt), Collections.unmodifiableMap(stamps),
                integer(name, config, "crl.interval.minutes", 60), integer(name, config, "certificate.expiry.warning.days", 60),
                personCas(codes.keySet(), config));
    }

    /**
     * {@code peer.<address>.person.ca}: the subject of a CA whose person certificates sign that peer's personal
     * positions though it is not the peer's own CA — a party whose operators still hold MOF CA keys and sign in
     * their front-end (saveSignVoucher). Such certificates attest no post; the peer's store checked it.
     */
    private static Map<String, String> personCas(Set<String> peers, Map<String, ?> config) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String peer : peers) {
            String ca = string(config, "peer." + peer + ".person.ca", "");
            if (!ca.isEmpty()) {
                out.put(peer, new javax.security.auth.x500.X500Principal(ca).getName()); // refuses a malformed name
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** How signatures and ciphertexts are written for {@code peer} (the default profile for anyone else). */
    CryptoProfile profile(String peer) {
        return profiles.getOrDefault(peer, CryptoProfile.DEFAULT);
    }

    /** The stamp positions where this node applies its e-seal on vouchers of {@code vtCode}. */
    java.util.List<String> stampPositions(String vtCode) {
        return stamps.getOrDefault(vtCode, java.util.List.of());
    }

    char[] orgPinChars() {
        return orgPin.isEmpty() ? null : orgPin.toCharArray();
    }

    private static int integer(String node, Map<String, ?> config, String key, int def) {
        String v = string(config, key, "");
        try {
            return v.isEmpty() ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node " + node + ": " + key + " must be a whole number, got '" + v + "'");
        }
    }

    /** The party role of a peer address, if it is a peer of this node. */
    java.util.Optional<PartyRole> peerRole(String address) {
        return peers.entrySet().stream().filter(e -> e.getValue().contains(address)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The peers of a party role, in configuration order. */
    java.util.List<String> peersOf(PartyRole r) {
        return peers.getOrDefault(r, java.util.List.of());
    }

    /**
     * Where a voucher for {@code r} goes: the peer whose codes include {@code code} (the value of the type's
     * routing field), or, for a type routed by nothing, the only peer of that role.
     *
     * @throws org.jinku.api.JinkuException UNKNOWN_PEER with what is configured
     */
    String route(PartyRole r, String routeField, String code) {
        java.util.List<String> candidates = peersOf(r);
        if (routeField == null) {
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            throw new org.jinku.api.JinkuException(org.jinku.api.RejectCode.UNKNOWN_PEER, "node " + name + " has "
                    + (candidates.isEmpty() ? "no peer" : candidates.size() + " peers " + candidates) + " for " + r
                    + " and the voucher type names none (configure peer." + r + ")");
        }
        for (String a : candidates) {
            if (code != null && peerCodes.getOrDefault(a, Set.of()).contains(code)) {
                return a;
            }
        }
        StringBuilder known = new StringBuilder();
        for (String a : candidates) {
            known.append(known.length() == 0 ? "" : ", ").append(peerCodes.getOrDefault(a, Set.of())).append("→")
                    .append(a);
        }
        throw new org.jinku.api.JinkuException(org.jinku.api.RejectCode.UNKNOWN_PEER, "the voucher names " + r + " "
                + (code == null || code.isEmpty() ? "nothing" : "'" + code + "'") + " in " + routeField + ", but node "
                + name + " has no such peer (configured: " + (known.length() == 0 ? "none" : known) + ")");
    }

    private static java.util.List<String> list(Map<String, ?> config, String key) {
        Object v = config.get(key);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (v != null) {
            for (String part : v.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static String checkedName(String node, String key, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("node " + node + ": " + key + " must be 1-32 of [A-Za-z0-9._-]: '"
                    + value + "'");
        }
        return value;
    }

    /** Whether messages from this transport address are taken at all: only from peers. */
    boolean accepts(String from) {
        return from != null && peerCodes.containsKey(from);
    }

    /** Crypto alias of this node's organisation key (its e-seal signer). */
    String orgAlias() {
        return name + "/org";
    }

    String userAlias(String userId) {
        return name + "/" + userId;
    }

    private static String required(Map<String, ?> config, String key) {
        Object v = config.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("node configuration lacks '" + key + "'");
        }
        return v.toString().trim();
    }

    private static String string(Map<String, ?> config, String key, String def) {
        Object v = config.get(key);
        return v == null || v.toString().isBlank() ? def : v.toString().trim();
    }
}
