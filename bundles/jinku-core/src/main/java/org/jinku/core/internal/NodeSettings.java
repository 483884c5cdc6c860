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
 * acceptFrom = test-peer           # further addresses accepted as senders (besides the peers)
 * </pre>
 */
record NodeSettings(String name, PartyRole role, String address, String admDivCode, Map<PartyRole, String> peers,
                    Map<String, Set<Post>> users, Set<String> acceptFrom) {

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
                if (parts.length != 2 || !NAME.matcher(parts[0].trim()).matches()) {
                    throw new IllegalArgumentException("node " + name + ": users entry must be id:POST[+POST], got '"
                            + entry.trim() + "'");
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
        Set<String> accept = new java.util.TreeSet<>(peers.values());
        for (String a : string(config, "acceptFrom", "").split(",")) {
            if (!a.isBlank()) {
                accept.add(checkedName(name, "acceptFrom", a.trim()));
            }
        }
        return new NodeSettings(name, role, address, adm, Collections.unmodifiableMap(peers),
                Collections.unmodifiableMap(users), Collections.unmodifiableSet(accept));
    }

    private static String checkedName(String node, String key, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("node " + node + ": " + key + " must be 1-32 of [A-Za-z0-9._-]: '"
                    + value + "'");
        }
        return value;
    }

    /** Whether messages from this transport address are taken at all. */
    boolean accepts(String from) {
        return from != null && acceptFrom.contains(from);
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
