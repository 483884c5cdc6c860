package org.jinku.scenario.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.Direction;
import org.jinku.api.Node;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherView;

/**
 * "Nothing lost, nothing paid twice", in money: for each voucher of the scenario that got a 回单, what the
 * paying party's books say it paid equals the 回单's XPayAmt at the sender and at every party holding a copy
 * (the PBoC), each holder has it once, and the totals agree.
 */
final class Ledgers {

    private Ledgers() {
    }

    static String check(Box box, Values values, List<String> ids) {
        BigDecimal receipts = BigDecimal.ZERO;
        BigDecimal booked = BigDecimal.ZERO;
        int counted = 0;
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            Values.Captured c = values.voucher(id);
            Node sender = box.node(c.node());
            Optional<VoucherView> sent = sender.find(c.key(), 0).filter(v -> v.direction() == Direction.OUT);
            Optional<Voucher> receipt = sender.content(c.key(), 1);
            if (sent.isEmpty() || receipt.isEmpty()) {
                continue; // not sent from there, or no 回单 (refused, a notice): no money moved for it
            }
            BigDecimal r = amount(receipt.get().get("XPayAmt"));
            if (r == null) {
                continue; // a confirmation-only 回单
            }
            counted++;
            receipts = receipts.add(r);
            String receiptDigest = sender.find(c.key(), 1).orElseThrow().digest();
            for (String destination : sent.get().deliveries().keySet()) {
                Node payer = box.nodes().stream().filter(n -> n.address().equals(destination)).findFirst().orElse(null);
                if (payer == null) {
                    continue; // a real party: its books are its own
                }
                if (payer.find(c.key(), 0).filter(v -> v.direction() == Direction.IN).isEmpty()) {
                    problems.add(payer.name() + " does not hold " + c.key());
                }
                BigDecimal paid = paidIn(payer.ledger(), c.key().toString());
                if (paid != null) {
                    booked = booked.add(paid);
                    if (paid.compareTo(r) != 0) {
                        problems.add(payer.name() + "'s books paid " + paid + " for " + c.key() + " but its 回单 says " + r);
                    }
                }
                // Whoever else holds the 回单 (a copy) holds the same one.
                Optional<VoucherView> made = payer.find(c.key(), 1).filter(v -> v.direction() == Direction.OUT);
                if (made.isPresent() && !made.get().digest().equals(receiptDigest)) {
                    problems.add(sender.name() + " holds another 回单 of " + c.key() + " than " + payer.name() + " made");
                }
                for (String copyTo : made.map(v -> v.deliveries().keySet()).orElse(java.util.Set.of())) {
                    Node holder = box.nodes().stream().filter(n -> n.address().equals(copyTo)).findFirst().orElse(null);
                    if (holder == null || holder == sender) {
                        continue;
                    }
                    Optional<Voucher> copy = holder.content(c.key(), 1);
                    if (copy.isEmpty()) {
                        problems.add(holder.name() + " has no copy of the 回单 of " + c.key());
                    } else if (amount(copy.get().get("XPayAmt")).compareTo(r) != 0) {
                        problems.add(holder.name() + "'s copy of the 回单 of " + c.key() + " says "
                                + copy.get().get("XPayAmt") + ", not " + r);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StepFailure(String.join("; ", problems));
        }
        if (counted == 0) {
            throw new StepFailure("none of " + ids + " has a 回单 with an amount at its sender: nothing to check");
        }
        return counted + " voucher(s): 回单 at the senders " + receipts.toPlainString() + " = paid in the payers' books "
                + booked.toPlainString() + "; copies agree";
    }

    /** What a simulator's books ({@code payments.<key>.paid}) say was paid for the voucher, or null. */
    @SuppressWarnings("unchecked")
    private static BigDecimal paidIn(Map<String, Object> ledger, String key) {
        Object payments = ledger.get("payments");
        if (!(payments instanceof Map)) {
            return null;
        }
        Object p = ((Map<String, Object>) payments).get(key);
        if (!(p instanceof Map)) {
            return null;
        }
        return amount(String.valueOf(((Map<String, Object>) p).get("paid")));
    }

    private static BigDecimal amount(String text) {
        if (text == null || text.isBlank() || text.equals("null")) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
