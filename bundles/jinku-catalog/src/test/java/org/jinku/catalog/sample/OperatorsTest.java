package org.jinku.catalog.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.UserInfo;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;

/** Every post signed in turn, each operator with their own PIN; a wrong PIN stops it with WRONG_PIN. */
class OperatorsTest {

    private static final VoucherKey KEY = VoucherKey.parse("210000/2026/5201/OP-1");

    @Test
    void eachOperatorSignsWithTheirOwnPin() {
        List<String> signed = new ArrayList<>();
        Node node = node(Map.of("lr01", "111111", "sh01", "222222"), signed);
        Hashtable<String, Object> config = new Hashtable<>();
        config.put("jinku.node", "finance");
        config.put("pin.lr01", "111111");
        config.put("pin.sh01", " 222222 ");
        config.put("pin.blank", " ");
        Function<String, String> pins = Operators.boxPins(config);
        assertNull(pins.apply("blank"));
        assertNull(pins.apply("nobody"));

        assertEquals(List.of("lr01", "sh01"), Operators.signEveryPost(node, KEY, pins));
        assertEquals(List.of("lr01", "sh01"), signed);
    }

    @Test
    void aWrongPinIsTheNodesRefusalNotTheNextOperator() {
        List<String> signed = new ArrayList<>();
        Node node = node(Map.of("lr01", "111111", "sh01", "222222"), signed);
        JinkuException e = assertThrows(JinkuException.class, () -> Operators.signEveryPost(node, KEY,
                u -> u.equals("lr01") ? "111111" : "000000"));
        assertEquals(RejectCode.WRONG_PIN, e.code());
        assertEquals(List.of("lr01"), signed);
    }

    /** A node whose voucher needs ENTRY then REVIEW, and whose operators' containers open with {@code pins}. */
    private static Node node(Map<String, String> pins, List<String> signed) {
        List<UserInfo> users = List.of(new UserInfo("lr01", Set.of(Post.ENTRY), "01"),
                new UserInfo("sh01", Set.of(Post.REVIEW), "02"));
        List<Post> posts = List.of(Post.ENTRY, Post.REVIEW);
        return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "finance";
                    case "users" -> users;
                    case "find" -> Optional.of(new VoucherView(KEY, 0, Direction.OUT, "bank105",
                            signed.size() == posts.size() ? VoucherState.SENT : VoucherState.SIGNING, Map.of(),
                            List.of(), "1.00", null, "d", Instant.EPOCH, Instant.EPOCH));
                    case "sign" -> {
                        String user = (String) args[1];
                        UserInfo u = users.stream().filter(x -> x.userId().equals(user)).findFirst().orElseThrow();
                        if (!u.posts().contains(posts.get(signed.size()))) {
                            throw new JinkuException(RejectCode.NOT_AUTHORIZED, user + " does not hold the post");
                        }
                        if (args.length < 3 || !pins.get(user).equals(args[2])) {
                            throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for " + user);
                        }
                        signed.add(user);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
