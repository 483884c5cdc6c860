package org.jinku.catalog.sample;

import java.util.ArrayList;
import java.util.List;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.UserInfo;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;

/** What a party's operators do by hand, for the demo and the joint-test runner. */
public final class Operators {

    private Operators() {
    }

    /**
     * Signs every remaining post of a voucher made at {@code node}, each by an operator who holds it and has
     * not signed it yet, as the party's people would in turn; the last signature sends it.
     *
     * @return the operators who signed, in order
     * @throws JinkuException NOT_AUTHORIZED when no operator is left for the next post
     */
    public static List<String> signEveryPost(Node node, VoucherKey key) {
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
                    node.sign(key, u.userId());
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
}
