package org.jinku.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * peer.AGENT_BANK = bank           # where vouchers for a party role go
 * users = lr01:ENTRY, sh01:REVIEW  # operators and their posts ('+' joins several posts)
 * transport.user = finance         # the node's own login to the transport (default: the address)
 * transport.password = …
 * peer.bank.certificate = /path    # a peer's organisation certificate (PEM); or:
 * peer.bank.ca = CN=…              #   the subject of the CA that issues the peer's certificates
 * peer.bank.subject = CN=…,O=bank  #   and the subject of its organisation certificate
 * </pre>
 * A peer without {@code certificate}/{@code ca}/{@code subject} is a node of this box: its organisation
 * certificate is the one the crypto provider holds for {@code <address>/org}.
 */
record NodeSettings(String name, PartyRole role, String address, String admDivCode, Map<PartyRole, String> peers,
                    Map<String, Set<Post>> users, String transportUser, String transportPassword,
                    Map<String, PeerIdentityConfig> peerIdentities) {

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
        Map<PartyRole, String> peers = new EnumMap<>(PartyRole.class);
        for (PartyRole r : PartyRole.values()) {
            Object p = config.get("peer." + r.name());
            if (p != null && !p.toString().isBlank()) {
                peers.put(r, checkedName(name, "peer." + r.name(), p.toString().trim()));
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
        for (String peer : peers.values()) {
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
        return new NodeSettings(name, role, address, adm, Collections.unmodifiableMap(peers),
                Collections.unmodifiableMap(users), string(config, "transport.user", address),
                string(config, "transport.password", ""), Collections.unmodifiableMap(identities));
    }

    /** The party role of a peer address, if it is a peer of this node. */
    java.util.Optional<PartyRole> peerRole(String address) {
        return peers.entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey).findFirst();
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
        return from != null && peers.containsValue(from);
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
