package org.jinku.console.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.Node;
import org.jinku.api.PartyRole;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;

/** Test doubles: a Node answering only what a test gives it (anything else fails the test loudly). */
final class Fakes {

    private Fakes() {
    }

    static VoucherView view(String key, int flag, Direction dir, String peer, VoucherState state, int status,
                            String amount, Instant created, VoucherView.SignatureView... sigs) {
        Map<String, DeliveryStatus> d = new HashMap<>();
        if (peer != null && status != 13) {
            d.put(peer, DeliveryStatus.ofCode(status));
        }
        return new VoucherView(VoucherKey.parse(key), flag, dir, peer, state, d, List.of(sigs), amount, null, "digest",
                created, created, 1);
    }

    static VoucherView.SignatureView sig(String position, String user) {
        return new VoucherView.SignatureView(1, position, user, "ENTRY", "AB", user, Instant.EPOCH);
    }

    /** A node named {@code name} whose methods are answered by {@code answers} (method name → handler). */
    static Node node(String name, PartyRole role, Map<String, BiFunction<Node, Object[], Object>> answers) {
        List<String> unexpected = new ArrayList<>();
        return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "name": return name;
                        case "role": return role;
                        case "toString": return "fake node " + name;
                        case "hashCode": return name.hashCode();
                        case "equals": return proxy == args[0];
                        default:
                    }
                    BiFunction<Node, Object[], Object> a = answers.get(method.getName());
                    if (a == null) {
                        unexpected.add(method.getName());
                        throw new UnsupportedOperationException("fake node " + name + ": " + method.getName());
                    }
                    return a.apply((Node) proxy, args);
                });
    }
}
