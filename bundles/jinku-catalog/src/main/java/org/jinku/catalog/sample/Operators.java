package org.jinku.catalog.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.UserInfo;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;

/** What a party's operators do by hand, for the demo and the joint-test runner. */
public final class Operators {

    /** Factory PID of the nodes' configurations ({@code etc/jinku.node-<name>.cfg}). */
    public static final String NODE_FACTORY_PID = "jinku.node";
    /** Prefix of an operator's box PIN in a node's configuration: {@code pin.<userId> = 123456}. */
    public static final String PIN_PREFIX = "pin.";

    private Operators() {
    }

    /**
     * Signs every remaining post of a voucher made at {@code node}, each by an operator who holds it and has
     * not signed it yet, as the party's people would in turn, each with the PIN of their key container; the
     * last signature sends it.
     *
     * @param pinOf the PIN of an operator (user ID → PIN; null where none is known)
     * @return the operators who signed, in order
     * @throws JinkuException NOT_AUTHORIZED when no operator is left for the next post; WRONG_PIN or KEY_LOCKED
     *                        as the node refuses an operator's PIN (a wrong PIN is not tried on the next one)
     */
    public static List<String> signEveryPost(Node node, VoucherKey key, Function<String, String> pinOf) {
        List<String> used = new ArrayList<>();
        for (int guard = 0; guard < 10; guard++) {
            VoucherState s = node.find(key, 0).orElseThrow().state();
            if (s != VoucherState.DRAFT && s != VoucherState.SIGNING) {
                return used;
            }
            boolean signed = false;
            for (UserInfo u : node.users()) {
                if (signed || used.contains(u.userId())) {
                    continue;
                }
                try {
                    node.sign(key, u.userId(), pinOf.apply(u.userId()));
                    used.add(u.userId());
                    signed = true;
                } catch (JinkuException e) {
                    if (e.code() != RejectCode.NOT_AUTHORIZED && e.code() != RejectCode.SAME_SIGNER_TWICE) {
                        throw e;
                    }
                }
            }
            if (!signed) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no operator of " + node.name()
                        + " is left for the next post of " + key + " (signed by " + used + ")");
            }
        }
        throw new JinkuException(RejectCode.NOT_AUTHORIZED, key + " is still not signed after 10 posts");
    }

    /**
     * The configuration of node {@code name}: the factory configuration of {@code jinku.node} whose
     * {@code jinku.node} property is the name; empty when there is none.
     */
    public static Optional<Configuration> nodeConfiguration(ConfigurationAdmin admin, String name) {
        String filter = "(&(service.factoryPid=" + NODE_FACTORY_PID + ")(" + Node.SERVICE_PROPERTY + "="
                + escape(name) + "))";
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? Optional.empty()
                    : java.util.Arrays.stream(found).filter(c -> c.getProperties() != null).findFirst();
        } catch (IOException e) {
            throw new JinkuException(RejectCode.INTERNAL_ERROR, "cannot read the configuration of node " + name
                    + ": " + e.getMessage());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter " + filter, e);
        }
    }

    /**
     * The joint-test box's operator PINs of node {@code name} ({@code pin.<userId>} in its configuration), read
     * now; an operator without one, or a node without configuration, gets null. A site removes these PINs and
     * its operators type their own.
     */
    public static Function<String, String> boxPins(ConfigurationAdmin admin, String name) {
        return nodeConfiguration(admin, name).map(c -> boxPins(c.getProperties())).orElse(user -> null);
    }

    /** The operators' PINs in a node's configuration properties ({@code pin.<userId>}); null where none. */
    public static Function<String, String> boxPins(Dictionary<String, ?> config) {
        java.util.Map<String, String> pins = new java.util.HashMap<>();
        for (java.util.Enumeration<String> keys = config.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            Object v = config.get(k);
            if (k.startsWith(PIN_PREFIX) && v != null && !v.toString().isBlank()) {
                pins.put(k.substring(PIN_PREFIX.length()), v.toString().trim());
            }
        }
        return pins::get;
    }

    /** An LDAP filter value: {@code \ * ( )} escaped (RFC 4515), so a name cannot widen the filter. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
