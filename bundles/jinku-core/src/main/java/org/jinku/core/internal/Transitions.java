package org.jinku.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherState;

/**
 * Every allowed change of a voucher's {@link VoucherState} and of its {@link DeliveryStatus} towards a
 * destination, in one place. Anything not in these tables is refused with WRONG_STATE; nothing else in
 * the engine decides whether a change is allowed.
 */
final class Transitions {

    /** What happens to a stored voucher or receipt. */
    enum Event {
        /** A post signed and more posts must follow. */
        SIGN,
        /** The last post signed: ready to send. */
        SIGN_LAST,
        /** The outbox handed it to the transport. */
        HAND_OVER,
        ACK_RECEIVED, ACK_RECEIVE_FAILED, ACK_ACCEPTED, ACK_REFUSED, ACK_RETURNED,
        /** The peer's verified 回单 came back: paid in full, in part, or not at all. */
        RECEIPT_PAID, RECEIPT_PARTLY_PAID, RECEIPT_UNPAID,
        /** Receiver side: 签收, 签收失败, 退回, 回单 sent. */
        ACCEPT, REFUSE, RETURN, REPLY,
        /** A receipt the sender could not take is corrected and signed again. */
        CORRECT,
        /** The voucher's sender refused or returned the 回单 it received: the voucher waits for a corrected one. */
        RECEIPT_REJECTED,
        /** The sender voids (作废) its voucher: never sent, or refused, returned or not received by the peer. */
        VOID
    }

    private static final Map<VoucherState, Map<Event, VoucherState>> STATES = new EnumMap<>(VoucherState.class);
    private static final Map<DeliveryStatus, Set<DeliveryStatus>> DELIVERY = new EnumMap<>(DeliveryStatus.class);
    /** Changes that start a receipt over (a correction): allowed, but no answer is "late" because of them. */
    private static final Map<DeliveryStatus, Set<DeliveryStatus>> RESTART = new EnumMap<>(DeliveryStatus.class);

    private static void state(VoucherState from, Event event, VoucherState to) {
        STATES.computeIfAbsent(from, f -> new EnumMap<>(Event.class)).put(event, to);
    }

    /** The answers of a peer about a sent voucher (or receipt), from any state where it may still come. */
    private static void peerAnswers(VoucherState from) {
        state(from, Event.ACK_RECEIVED, VoucherState.DELIVERED);
        state(from, Event.ACK_ACCEPTED, VoucherState.ACCEPTED);
        state(from, Event.ACK_REFUSED, VoucherState.REFUSED);
        state(from, Event.ACK_RETURNED, VoucherState.RETURNED);
        receipts(from);
    }

    private static void receipts(VoucherState from) {
        state(from, Event.RECEIPT_PAID, VoucherState.CONFIRMED);
        state(from, Event.RECEIPT_PARTLY_PAID, VoucherState.PARTLY_PAID);
        state(from, Event.RECEIPT_UNPAID, VoucherState.UNPAID);
    }

    static {
        // Sender: signing post by post, then sending.
        for (VoucherState s : new VoucherState[] {VoucherState.DRAFT, VoucherState.SIGNING}) {
            state(s, Event.SIGN, VoucherState.SIGNING);
            state(s, Event.SIGN_LAST, VoucherState.SIGNED);
        }
        state(VoucherState.SIGNED, Event.HAND_OVER, VoucherState.SENT);
        // An answer may overtake the hand-over's own commit, so SIGNED takes answers too.
        for (VoucherState s : new VoucherState[] {VoucherState.SIGNED, VoucherState.SENT}) {
            peerAnswers(s);
            state(s, Event.ACK_RECEIVE_FAILED, VoucherState.FAILED);
        }
        state(VoucherState.DELIVERED, Event.ACK_ACCEPTED, VoucherState.ACCEPTED);
        state(VoucherState.DELIVERED, Event.ACK_REFUSED, VoucherState.REFUSED);
        state(VoucherState.DELIVERED, Event.ACK_RETURNED, VoucherState.RETURNED);
        receipts(VoucherState.DELIVERED);
        state(VoucherState.ACCEPTED, Event.ACK_RETURNED, VoucherState.RETURNED);
        receipts(VoucherState.ACCEPTED);
        // 接收失败 is the peer's word about that content; its later 接收/签收/回单 of the same content wins,
        // since then it holds the voucher and may pay it.
        state(VoucherState.FAILED, Event.ACK_RECEIVED, VoucherState.DELIVERED);
        state(VoucherState.FAILED, Event.ACK_ACCEPTED, VoucherState.ACCEPTED);
        receipts(VoucherState.FAILED);
        // A receipt (回单) the sender could not take is corrected here and sent again.
        state(VoucherState.FAILED, Event.CORRECT, VoucherState.SIGNED);
        state(VoucherState.REFUSED, Event.CORRECT, VoucherState.SIGNED);
        // 作废: only what the peer does not hold as payable. A queued (SIGNED) or delivered voucher may be
        // paid any moment, so it is not voided here; the peer returns it first.
        for (VoucherState s : new VoucherState[] {VoucherState.DRAFT, VoucherState.SIGNING, VoucherState.FAILED,
                VoucherState.REFUSED, VoucherState.RETURNED}) {
            state(s, Event.VOID, VoucherState.VOIDED);
        }
        // The sender refuses (签收失败) or returns (退回) a 回单 it took: the receipt row says so, and the voucher it
        // answers is accepted-but-unanswered again until a corrected 回单 comes.
        for (VoucherState s : new VoucherState[] {VoucherState.CONFIRMED, VoucherState.PARTLY_PAID,
                VoucherState.UNPAID}) {
            state(s, Event.RECEIPT_REJECTED, VoucherState.ACCEPTED);
        }
        state(VoucherState.ACCEPTED, Event.REFUSE, VoucherState.REFUSED);
        // At the receipt's sender: its 回单 was refused or returned after being accepted.
        state(VoucherState.ACCEPTED, Event.ACK_REFUSED, VoucherState.REFUSED);
        state(VoucherState.RETURNED, Event.CORRECT, VoucherState.SIGNED);
        // Receiver.
        state(VoucherState.RECEIVED, Event.ACCEPT, VoucherState.ACCEPTED);
        state(VoucherState.RECEIVED, Event.REFUSE, VoucherState.REFUSED);
        state(VoucherState.RECEIVED, Event.RETURN, VoucherState.RETURNED);
        state(VoucherState.ACCEPTED, Event.REPLY, VoucherState.REPLIED);
        // 退回 after 签收, before the 回单: the sender's table takes ACCEPTED → RETURNED too.
        state(VoucherState.ACCEPTED, Event.RETURN, VoucherState.RETURNED);

        DeliveryStatus[] answers = {DeliveryStatus.RECEIVED, DeliveryStatus.RECEIVE_FAILED, DeliveryStatus.ACCEPTED,
                DeliveryStatus.REFUSED, DeliveryStatus.RETURNED, DeliveryStatus.RECEIPT_BACK};
        delivery(DeliveryStatus.NOT_SENT, DeliveryStatus.SENT);
        delivery(DeliveryStatus.NOT_SENT, answers);
        delivery(DeliveryStatus.SENT, answers);
        delivery(DeliveryStatus.RECEIVED, DeliveryStatus.ACCEPTED, DeliveryStatus.REFUSED, DeliveryStatus.RETURNED,
                DeliveryStatus.RECEIPT_BACK);
        delivery(DeliveryStatus.RECEIVE_FAILED, DeliveryStatus.RECEIVED, DeliveryStatus.ACCEPTED,
                DeliveryStatus.RECEIPT_BACK);
        delivery(DeliveryStatus.ACCEPTED, DeliveryStatus.RETURNED, DeliveryStatus.RECEIPT_BACK);
        // Receipts (回单) travel with codes 6–11, 14 before they are sent.
        DeliveryStatus[] receiptAnswers = {DeliveryStatus.RECEIPT_RECEIVED, DeliveryStatus.RECEIPT_RECEIVE_FAILED,
                DeliveryStatus.RECEIPT_ACCEPTED, DeliveryStatus.RECEIPT_REFUSED, DeliveryStatus.RECEIPT_RETURNED};
        delivery(DeliveryStatus.RECEIPT_NOT_SENT, DeliveryStatus.RECEIPT_SENT);
        delivery(DeliveryStatus.RECEIPT_NOT_SENT, receiptAnswers);
        delivery(DeliveryStatus.RECEIPT_SENT, receiptAnswers);
        delivery(DeliveryStatus.RECEIPT_RECEIVED, DeliveryStatus.RECEIPT_ACCEPTED, DeliveryStatus.RECEIPT_REFUSED,
                DeliveryStatus.RECEIPT_RETURNED);
        delivery(DeliveryStatus.RECEIPT_ACCEPTED, DeliveryStatus.RECEIPT_REFUSED, DeliveryStatus.RECEIPT_RETURNED);
        // A corrected receipt starts over.
        RESTART.put(DeliveryStatus.RECEIPT_RECEIVE_FAILED, EnumSet.of(DeliveryStatus.RECEIPT_NOT_SENT));
        RESTART.put(DeliveryStatus.RECEIPT_REFUSED, EnumSet.of(DeliveryStatus.RECEIPT_NOT_SENT));
        RESTART.put(DeliveryStatus.RECEIPT_RETURNED, EnumSet.of(DeliveryStatus.RECEIPT_NOT_SENT));
        // The voucher's sender refused its 回单: its status goes back to 签收 until a corrected one arrives.
        RESTART.put(DeliveryStatus.RECEIPT_BACK, EnumSet.of(DeliveryStatus.ACCEPTED));
    }

    private static void delivery(DeliveryStatus from, DeliveryStatus... to) {
        DELIVERY.computeIfAbsent(from, f -> EnumSet.noneOf(DeliveryStatus.class)).addAll(Set.of(to));
    }

    private Transitions() {
    }

    /** The state after {@code event}, or WRONG_STATE naming what was tried. */
    static VoucherState next(VoucherState from, Event event, String what) {
        return nextIfAllowed(from, event).orElseThrow(() -> new JinkuException(RejectCode.WRONG_STATE,
                what + " is " + from + "; " + describe(event) + " is not possible in that state"));
    }

    static Optional<VoucherState> nextIfAllowed(VoucherState from, Event event) {
        return Optional.ofNullable(STATES.getOrDefault(from, Map.of()).get(event));
    }

    static boolean allowed(DeliveryStatus from, DeliveryStatus to) {
        return DELIVERY.getOrDefault(from, Set.of()).contains(to) || RESTART.getOrDefault(from, Set.of()).contains(to);
    }

    /**
     * Whether {@code to} is where {@code from} already was or has passed: a repeated or late answer, which
     * changes nothing (a status never moves back) and is no error.
     */
    static boolean behind(DeliveryStatus from, DeliveryStatus to) {
        if (from == to) {
            return true;
        }
        Deque<DeliveryStatus> todo = new ArrayDeque<>(Set.of(to));
        Set<DeliveryStatus> seen = EnumSet.of(to);
        while (!todo.isEmpty()) {
            for (DeliveryStatus n : DELIVERY.getOrDefault(todo.pop(), Set.of())) {
                if (n == from) {
                    return true;
                }
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return false;
    }

    private static String describe(Event e) {
        return switch (e) {
            case SIGN, SIGN_LAST -> "signing";
            case HAND_OVER -> "sending";
            case ACK_RECEIVED -> "接收 (received)";
            case ACK_RECEIVE_FAILED -> "接收失败 (receive failed)";
            case ACK_ACCEPTED -> "签收 (accepted)";
            case ACK_REFUSED -> "签收失败 (refused)";
            case ACK_RETURNED -> "退回 (returned)";
            case RECEIPT_PAID, RECEIPT_PARTLY_PAID, RECEIPT_UNPAID -> "a 回单 (receipt)";
            case ACCEPT -> "签收 (accept)";
            case REFUSE -> "签收失败 (refuse)";
            case RETURN -> "退回 (return)";
            case REPLY -> "a 回单 (reply)";
            case CORRECT -> "correcting the receipt";
            case VOID -> "作废 (void)";
            case RECEIPT_REJECTED -> "refusing the 回单";
        };
    }
}
