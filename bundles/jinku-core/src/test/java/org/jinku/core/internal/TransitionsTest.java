package org.jinku.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherState;
import org.jinku.core.internal.Transitions.Event;

class TransitionsTest {

    @Test
    void theNormalFlowIsInTheTable() {
        VoucherState s = VoucherState.DRAFT;
        for (Event e : new Event[] {Event.SIGN, Event.SIGN_LAST, Event.HAND_OVER, Event.ACK_RECEIVED,
                Event.ACK_ACCEPTED, Event.RECEIPT_PAID}) {
            s = Transitions.next(s, e, "v");
        }
        assertEquals(VoucherState.CONFIRMED, s);
        assertEquals(VoucherState.REPLIED, Transitions.next(Transitions.next(VoucherState.RECEIVED, Event.ACCEPT, "v"),
                Event.REPLY, "v"));
    }

    @Test
    void aReceiptForAVoucherNotYetSentOrAlreadyAnsweredIsWrongState() {
        for (VoucherState s : new VoucherState[] {VoucherState.DRAFT, VoucherState.SIGNING, VoucherState.CONFIRMED,
                VoucherState.UNPAID, VoucherState.REFUSED, VoucherState.RETURNED, VoucherState.RECEIVED}) {
            JinkuException e = assertThrows(JinkuException.class, () -> Transitions.next(s, Event.RECEIPT_PAID, "v"));
            assertEquals(RejectCode.WRONG_STATE, e.code(), s.name());
        }
    }

    @Test
    void nothingLeavesAnAnsweredVoucherButItsSenderRefusingThe回单() {
        for (VoucherState s : new VoucherState[] {VoucherState.CONFIRMED, VoucherState.PARTLY_PAID,
                VoucherState.UNPAID, VoucherState.REPLIED, VoucherState.VOIDED}) {
            for (Event e : Event.values()) {
                boolean receiptRefused = e == Event.RECEIPT_REJECTED && s != VoucherState.REPLIED
                        && s != VoucherState.VOIDED;
                assertEquals(receiptRefused, Transitions.nextIfAllowed(s, e).isPresent(), s + " " + e);
            }
        }
        assertEquals(VoucherState.ACCEPTED, Transitions.next(VoucherState.CONFIRMED, Event.RECEIPT_REJECTED, "v"));
    }

    @Test
    void statusesOnlyMoveForwardButAReceiveFailureGivesWayToTheSameContentReceived() {
        assertTrue(Transitions.allowed(DeliveryStatus.SENT, DeliveryStatus.RECEIVED));
        assertTrue(Transitions.behind(DeliveryStatus.ACCEPTED, DeliveryStatus.RECEIVED), "a late 接收 is ignored");
        assertTrue(Transitions.behind(DeliveryStatus.RECEIVED, DeliveryStatus.RECEIVE_FAILED),
                "接收失败 after 接收 changes nothing");
        assertTrue(Transitions.allowed(DeliveryStatus.RECEIVE_FAILED, DeliveryStatus.RECEIVED));
        assertFalse(Transitions.allowed(DeliveryStatus.RECEIPT_BACK, DeliveryStatus.RETURNED));
        assertFalse(Transitions.behind(DeliveryStatus.RECEIPT_BACK, DeliveryStatus.RETURNED));
        // a receipt refused, then corrected: sent again from 14, and a refusal after sending is not "late"
        assertTrue(Transitions.allowed(DeliveryStatus.RECEIPT_RECEIVE_FAILED, DeliveryStatus.RECEIPT_NOT_SENT));
        assertFalse(Transitions.behind(DeliveryStatus.RECEIPT_SENT, DeliveryStatus.RECEIPT_RECEIVE_FAILED));
        assertEquals(VoucherState.SIGNED, Transitions.next(VoucherState.FAILED, Event.CORRECT, "receipt"));
        assertTrue(Transitions.nextIfAllowed(VoucherState.ACCEPTED, Event.CORRECT).isEmpty(),
                "a receipt the sender took is never replaced");
    }
}
