package org.jinku.adapter.legacysoap.internal;

import static org.jinku.adapter.legacysoap.internal.soap.ArgType.BASE64;
import static org.jinku.adapter.legacysoap.internal.soap.ArgType.INT;
import static org.jinku.adapter.legacysoap.internal.soap.ArgType.STRING;
import static org.jinku.adapter.legacysoap.internal.soap.ArgType.STRING_ARRAY;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jinku.adapter.legacysoap.internal.LegacySettings.CertId;
import org.jinku.adapter.legacysoap.internal.soap.ArgType;
import org.jinku.adapter.legacysoap.internal.soap.Operation;
import org.jinku.adapter.legacysoap.internal.soap.Param;
import org.jinku.adapter.legacysoap.internal.soap.ReturnType;
import org.jinku.api.DataBlock;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.HostAction;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.security.Operator;
import org.jinku.api.security.Roles;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * The deployed voucher library's client API (VoucherService), operation by operation, on a Jinku node. Argument
 * order and types are those deployed front-ends send; every refusal is a {@link LegacyFault} with its EVS code.
 * What differs from the deployed library, and why, is in docs/legacy-soap.md.
 */
final class LegacyVoucherService {

    /** The deployed library's limit on one read. */
    static final int MAX_READ = 100;

    /** One operation: its wire signature and what it does on the node. */
    record Op(Operation operation, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        Object handle(Call call);
    }

    /** One call: the node served, its arguments, and the account that logged in for it (HTTP Basic). */
    record Call(Node node, Object[] args, Operator operator) {
        /** Who acts, in the voucher's history: the account, as over REST and the shell (the certID is detail). */
        String actor() {
            return operator.name();
        }

        String s(int i) {
            return (String) args[i];
        }

        int i(int i) {
            return args[i] == null ? 0 : (Integer) args[i];
        }

        byte[] b(int i) {
            return (byte[]) args[i];
        }

        String[] a(int i) {
            return args[i] == null ? new String[0] : (String[]) args[i];
        }
    }

    private final VoucherCatalog catalog;
    private final LegacySettings settings;
    private final Map<String, Op> ops = new LinkedHashMap<>();

    LegacyVoucherService(VoucherCatalog catalog, LegacySettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        Param cert = p("certID", STRING);
        Param adm = p("admDivCode", STRING);
        Param year = p("stYear", INT);
        Param vt = p("vtCode", STRING);
        Param message = p("voucherMessage", BASE64);
        Param stamp = p("stamp", STRING);
        Param nos = p("voucherNo", STRING_ARRAY);
        // signing: write the voucher and sign (or stamp) it at the positions the stamp XML names
        op("signStampByNos", ReturnType.VOID, c -> sign(c, false), cert, adm, year, vt, message, stamp);
        op("signByNos", ReturnType.VOID, c -> sign(c, false), cert, adm, year, vt, message, stamp);
        op("signStampByNosAndSend", ReturnType.MAP, c -> sign(c, true), cert, adm, year, vt, message, stamp,
                p("srcOrgType", STRING), p("decOrgType", STRING));
        op("signByNosAndSend", ReturnType.MAP, c -> sign(c, true), cert, adm, year, vt, message, stamp,
                p("srcOrgType", STRING), p("decOrgType", STRING));
        // saving and writing
        op("saveStampVoucher", ReturnType.VOID, this::saveSigned, cert, adm, year, vt, message);
        op("saveSignVoucher", ReturnType.VOID, this::saveSigned, cert, adm, year, vt, message);
        op("writeVoucher", ReturnType.MAP, this::write, cert, adm, year, vt, message, p("srcOrgType", STRING),
                p("decOrgType", STRING));
        // reading
        op("readVoucher", ReturnType.BASE64, c -> read(c, false), cert, adm, year, vt, p("voucherCount", INT));
        op("readVoucherAgain", ReturnType.BASE64, c -> read(c, true), cert, adm, year, vt, p("voucherCount", INT));
        // answering
        op("confirmVoucher", ReturnType.VOID, this::confirm, cert, adm, year, vt, nos);
        op("confirmVoucherFail", ReturnType.VOID, c -> refuse(c, false), cert, adm, year, vt, nos,
                p("errMsg", STRING_ARRAY));
        op("returnVoucher", ReturnType.VOID, c -> refuse(c, true), cert, adm, year, vt, nos, p("errMsg", STRING_ARRAY));
        op("discardVoucher", ReturnType.VOID, this::discard, cert, adm, year, vt, nos);
        // sending
        Param src = p("srcOrgType", STRING);
        Param dec = p("decOrgType", STRING);
        op("sendVoucher", ReturnType.VOID, this::send, cert, adm, src, dec, year, vt, nos);
        op("sendVoucherFullSigns", ReturnType.VOID, this::send, cert, adm, src, dec, year, vt, nos);
        // status
        op("batchQueryAllVoucherStatus", ReturnType.MAP, c -> status(c, null, false), cert, adm, year, vt, nos);
        op("batchQuerySentVoucherStatus", ReturnType.MAP, c -> status(c, null, true), cert, adm, year, vt, nos);
        op("queryVoucherStatusByOrgType", ReturnType.MAP, c -> status(c, c.s(5), false), cert, adm, year, vt, nos, dec);
        // stamps
        op("queryStampPositionWithName", ReturnType.MAP, this::positions, cert, adm, year, vt);
        op("cancelStampWithPosition", ReturnType.VOID, this::cancelStamp, cert, adm, year, vt, p("voucherNo", STRING),
                p("stampPosition", STRING));
        // printing and rendering
        op("queryVoucherPrintCount", ReturnType.INT, this::printCount, cert, adm, year, vt, p("voucherNo", STRING));
        op("exportPDF", ReturnType.BASE64, this::exportPdf, cert, adm, year, vt, p("pageNo", INT),
                p("voucherNo", STRING));
        // attachments (the green channel)
        op("sendData", ReturnType.VOID, this::sendData, cert, adm, src, dec, year, p("data", BASE64));
        op("getData", ReturnType.BASE64, this::getData, cert, year, adm);
    }

    private static Param p(String name, ArgType type) {
        return new Param(name, type);
    }

    private void op(String name, ReturnType returns, Handler handler, Param... params) {
        ops.put(name, new Op(new Operation(name, List.of(params), returns), handler));
    }

    List<Operation> operations() {
        return ops.values().stream().map(Op::operation).toList();
    }

    Optional<Op> op(String name) {
        return Optional.ofNullable(ops.get(name));
    }

    // ------------------------------------------------------------------ signing and writing

    /**
     * signByNos, signStampByNos (+AndSend): each voucher of the envelope is written (once; the same content again
     * continues it) and signed by the certID's operator at the position the stamp XML names, which must be the
     * voucher's next one. A 回单 (VoucherFlag 1) is signed at the receipt positions by the node and sent back.
     */
    private Object sign(Call c, boolean andSend) {
        CertId caller = caller(c);
        VoucherType type = type(c);
        List<String> positions = stampPositions(c.s(5));
        Map<String, Object> out = new LinkedHashMap<>();
        String destination = andSend ? address(c.s(7)) : null;
        for (EnvelopeEntry e : entries(c, type)) {
            VoucherView view;
            if (e.voucherFlag() == 1) {
                if (andSend) {
                    // A 回单 goes back to the voucher's sender (and copies where the type says): refuse before signing.
                    VoucherView original = c.node().find(e.key(), 0).orElseThrow(() -> unknown(e.key()));
                    if (!destination.equals(original.peer())) {
                        throw new LegacyFault(Evs.UNKNOWN_ORG_TYPE, "the 回单 of " + e.key() + " goes back to its sender "
                                + original.peer() + " (org type " + settings.orgTypeOf(original.peer())
                                + "), not to decOrgType " + c.s(7));
                    }
                }
                view = reply(c, type, e, positions);
            } else {
                if (andSend) {
                    requireCompletedBy(type, c.node().find(e.key(), 0).orElse(null), positions, e.key());
                }
                view = writeAndSign(c, caller, type, e, positions, destination);
            }
            out.put(e.key().voucherNo(), statusPair(view.status()));
        }
        return andSend ? out : null;
    }

    /** AndSend: the positions asked must complete the voucher, checked before anything is signed. */
    private static void requireCompletedBy(VoucherType type, VoucherView existing, List<String> asked, VoucherKey key) {
        List<String> missing = new ArrayList<>(names(type.senderPositions()));
        if (existing != null && existing.state() != VoucherState.VOIDED) {
            missing.removeAll(sigPositions(existing));
        }
        missing.removeAll(asked);
        if (!missing.isEmpty()) {
            throw new LegacyFault(Evs.WRONG_STATE, "voucher " + key + " would still wait for position(s) " + missing
                    + " after this call, so it cannot be sent: sign those first (signByNos), then send");
        }
    }

    /**
     * Writes the voucher unless it is here already (the same content continues it), checks it goes to
     * {@code destination} when one is given (before signing: a wrong one leaves an unsigned draft to discard),
     * and signs at each position.
     */
    private VoucherView writeAndSign(Call c, CertId caller, VoucherType type, EnvelopeEntry e, List<String> positions,
                                     String destination) {
        Node node = c.node();
        Voucher voucher = voucherOf(e);
        Optional<VoucherView> existing = node.find(e.key(), 0);
        VoucherView view;
        if (existing.isEmpty() || existing.get().state() == VoucherState.VOIDED) {
            requirePost(c, "writing voucher " + e.key(), Post.ENTRY);
            view = call(() -> node.submit(voucher));
        } else {
            view = existing.get();
            if (view.direction() != Direction.OUT) {
                throw new LegacyFault(Evs.DUPLICATE_VOUCHER, "voucher " + e.key() + " was received here from "
                        + view.peer() + "; it is answered with confirmVoucher and a 回单, not written again");
            }
            // Compared as sent (empty X fields added on both sides): a voucher saved with its own text (saveSignVoucher)
            // continues as well as one Jinku wrote.
            if (!catalog.forSending(voucher).equals(node.content(e.key(), 0).map(catalog::forSending).orElse(null))) {
                throw new LegacyFault(Evs.DUPLICATE_VOUCHER, "voucher " + e.key() + " exists here (" + view.state()
                        + ") with other content; discardVoucher it first to write a corrected one");
            }
        }
        if (destination != null && !destination.equals(view.peer())) {
            throw new LegacyFault(Evs.UNKNOWN_ORG_TYPE, "voucher " + e.key() + " goes to " + view.peer() + " (org type "
                    + settings.orgTypeOf(view.peer()) + ", by its " + (type.routeField() == null ? "type"
                    : type.routeField()) + "), not to decOrgType " + settings.orgTypeOf(destination) + "; nothing"
                    + " was signed" + (view.state() == VoucherState.DRAFT ? " (discardVoucher removes the draft)" : ""));
        }
        for (String position : positions) {
            String next = nextPosition(type, view);
            if (next == null) {
                if (signedAt(view, position)) {
                    continue; // a repeated call: that position is already signed
                }
                throw new LegacyFault(Evs.WRONG_POSITION, "every position of voucher " + e.key() + " is signed "
                        + sigPositions(view) + "; " + position + " is not one of " + names(type.senderPositions()));
            }
            if (signedAt(view, position)) {
                continue;
            }
            if (!position.equals(next)) {
                throw new LegacyFault(Evs.WRONG_POSITION, "voucher " + e.key() + " is signed at " + sigPositions(view)
                        + " and waits for position " + next + "; " + position + (names(type.senderPositions())
                        .contains(position) ? " comes later" : " is none of " + names(type.senderPositions())));
            }
            if (caller.user() == null) {
                throw new LegacyFault(Evs.NOT_AUTHORIZED, "certID " + caller.id() + " stands for node " + caller.node()
                        + ", not for an operator; signing needs the certID of the operator holding the post of "
                        + position + " (certid." + caller.id() + " = " + caller.node() + "/<user>)");
            }
            view = call(() -> node.sign(e.key(), caller.user(), caller.pin().isEmpty() ? null : caller.pin()));
        }
        return view;
    }

    private VoucherView reply(Call c, VoucherType type, EnvelopeEntry e, List<String> positions) {
        requirePost(c, "answering " + e.key() + " with a 回单", Post.REVIEW, Post.ENTRY);
        List<String> receiptPositions = names(type.receiptPositions());
        for (String p : positions) {
            if (!receiptPositions.contains(p)) {
                throw new LegacyFault(Evs.WRONG_POSITION, "the 回单 of " + type.vtCode() + " is signed at "
                        + receiptPositions + "; " + p + " is none of them");
            }
        }
        return call(() -> c.node().reply(e.key(), voucherOf(e)));
    }

    /** saveSignVoucher, saveStampVoucher: vouchers signed in the front-end, kept byte for byte. */
    private Object saveSigned(Call c) {
        CertId caller = caller(c);
        VoucherType type = type(c);
        requirePost(c, "writing vouchers signed in the front-end", Post.ENTRY);
        for (EnvelopeEntry e : entries(c, type)) {
            if (!e.stamps().isEmpty()) {
                throw new LegacyFault(Evs.SEAL_ERROR, "voucher " + e.key() + " brings " + e.stamps().size()
                        + " stamp(s) made in the front-end; Jinku stamps with the seals registered here (jinku:stamp)"
                        + " and does not take stamps from elsewhere yet — send it without SignStampList");
            }
            Map<String, String> signers = new LinkedHashMap<>();
            for (SignatureEntry s : e.signatures()) {
                settings.bySerial(caller.node(), s.certSerialHex())
                        .ifPresent(id -> signers.put(s.position(), id.user()));
                if (!signers.containsKey(s.position())) {
                    // A certificate Jinku itself holds for an operator of this node counts as theirs.
                    c.node().users().stream().filter(u -> u.certSerialHex().equalsIgnoreCase(s.certSerialHex()))
                            .findFirst().ifPresent(u -> signers.put(s.position(), u.userId()));
                }
            }
            call(() -> c.node().submitSigned(e, signers, c.actor()));
        }
        return null;
    }

    /** writeVoucher (the deployed library advises against it): write, sign at the operator's post, or reply. */
    private Object write(Call c) {
        CertId caller = caller(c);
        VoucherType type = type(c);
        Map<String, Object> out = new LinkedHashMap<>();
        for (EnvelopeEntry e : entries(c, type)) {
            VoucherView view;
            if (e.voucherFlag() == 1) {
                view = reply(c, type, e, List.of());
            } else {
                view = writeAndSign(c, caller, type, e, caller.user() == null ? List.of()
                        : Optional.ofNullable(nextPosition(type, c.node().find(e.key(), 0).orElse(null))).stream()
                        .toList(), null);
            }
            out.put(e.key().voucherNo(), statusPair(view.status()));
        }
        return out;
    }

    // ------------------------------------------------------------------ reading and answering

    /** readVoucher: unanswered vouchers not read before; readVoucherAgain: every unanswered one. */
    private Object read(Call c, boolean again) {
        CertId caller = caller(c);
        VoucherType type = type(c);
        int count = c.i(4);
        if (count > MAX_READ) {
            throw new LegacyFault(Evs.READ_LIMIT, "voucherCount " + count + ": at most " + MAX_READ
                    + " unconfirmed vouchers are read at a time");
        }
        if (count < 1) {
            throw new LegacyFault(Evs.ARGUMENT_COUNT, "voucherCount must be 1 to " + MAX_READ + ", got " + count);
        }
        String year = String.valueOf(c.i(2));
        List<EnvelopeEntry> out = new ArrayList<>();
        for (VoucherView v : call(() -> c.node().unanswered(type.vtCode(), 20_000))) {
            if (out.size() == count) {
                break;
            }
            if (!v.key().admDivCode().equals(c.s(1)) || !v.key().stYear().equals(year)) {
                continue;
            }
            if (!again && call(() -> c.node().history(v.key())).stream()
                    .anyMatch(ev -> ev.voucherFlag() == 0 && HostAction.READ.eventKind().equals(ev.kind()))) {
                continue;
            }
            byte[] envelope = c.node().envelope(v.key(), 0).orElseThrow();
            out.addAll(catalog.readEnvelope(envelope));
            call(() -> {
                c.node().recordHostAction(v.key(), 0, HostAction.READ, c.actor(), (again ? "readVoucherAgain"
                        : "readVoucher") + ", certID " + caller.id());
                return null;
            });
        }
        return out.isEmpty() ? null : catalog.writeEnvelope(out);
    }

    /** confirmVoucher (签收): every number is checked first, so a bad one changes nothing. */
    private Object confirm(Call c) {
        caller(c);
        requirePost(c, "confirming (签收)", Post.REVIEW, Post.ENTRY);
        List<VoucherKey> keys = received(c, c.a(4), true);
        for (VoucherKey k : keys) {
            try {
                call(() -> c.node().accept(k, c.actor()));
            } catch (LegacyFault f) {
                // Another confirm of the same voucher, at the same moment, got there first: say so, as if it had
                // come before the check above.
                VoucherState now = c.node().find(k, 0).map(VoucherView::state).orElse(null);
                if (f.evs() == Evs.WRONG_STATE && (now == VoucherState.ACCEPTED || now == VoucherState.REPLIED)) {
                    throw new LegacyFault(Evs.ALREADY_CONFIRMED, "voucher " + k + " was confirmed (签收) by another"
                            + " call at the same moment", f);
                }
                throw f;
            }
        }
        return null;
    }

    /** confirmVoucherFail (签收失败) and returnVoucher (退回), each number with its reason. */
    private Object refuse(Call c, boolean returned) {
        caller(c);
        requirePost(c, returned ? "returning (退回)" : "refusing (签收失败)", Post.REVIEW, Post.ENTRY);
        String[] nos = c.a(4);
        String[] reasons = c.a(5);
        if (nos.length != reasons.length) {
            throw new LegacyFault(Evs.ARGUMENT_COUNT, nos.length + " voucher numbers but " + reasons.length
                    + " reasons; each voucher needs its reason");
        }
        List<VoucherKey> keys = received(c, nos, true);
        for (int i = 0; i < keys.size(); i++) {
            VoucherKey k = keys.get(i);
            String reason = reasons[i];
            call(() -> returned ? c.node().returnVoucher(k, c.actor(), reason)
                    : c.node().refuse(k, c.actor(), reason));
        }
        return null;
    }

    /** discardVoucher (作废): the sender voids its own vouchers. */
    private Object discard(Call c) {
        caller(c);
        requirePost(c, "voiding (作废)", Post.REVIEW, Post.ENTRY);
        type(c);
        List<VoucherKey> keys = new ArrayList<>();
        for (String no : c.a(4)) {
            VoucherKey k = key(c, 1, 2, 3, no);
            VoucherView v = c.node().find(k, 0).orElseThrow(() -> unknown(k));
            if (v.direction() != Direction.OUT) {
                throw new LegacyFault(Evs.WRONG_STATE, "voucher " + k + " was received from " + v.peer()
                        + "; only its sender voids it (作废)");
            }
            keys.add(k);
        }
        for (VoucherKey k : keys) {
            call(() -> c.node().voidVoucher(k, c.actor(), "作废 by the front-end (discardVoucher)"));
        }
        return null;
    }

    /**
     * The received vouchers named, checked before anything changes: each must be here, received, and (when
     * {@code unanswered}) not answered yet — a second confirm is refused with its own code.
     */
    private List<VoucherKey> received(Call c, String[] nos, boolean unanswered) {
        type(c);
        if (nos.length == 0) {
            throw new LegacyFault(Evs.ARGUMENT_COUNT, "no voucher numbers given");
        }
        List<VoucherKey> keys = new ArrayList<>();
        for (String no : nos) {
            VoucherKey k = key(c, 1, 2, 3, no);
            VoucherView v = c.node().find(k, 0).orElseThrow(() -> unknown(k));
            if (v.direction() != Direction.IN) {
                throw new LegacyFault(Evs.WRONG_STATE, "voucher " + k + " was made here and sent to " + v.peer()
                        + "; its receiver answers it");
            }
            if (unanswered && v.state() != VoucherState.RECEIVED) {
                if (v.state() == VoucherState.ACCEPTED || v.state() == VoucherState.REPLIED) {
                    throw new LegacyFault(Evs.ALREADY_CONFIRMED, "voucher " + k + " was confirmed (签收) at "
                            + v.updated() + (v.state() == VoucherState.REPLIED ? " and its 回单 sent" : ""));
                }
                throw new LegacyFault(Evs.WRONG_STATE, "voucher " + k + " was already answered: " + v.state()
                        + (v.reason() == null ? "" : " (" + v.reason() + ")"));
            }
            keys.add(k);
        }
        return keys;
    }

    // ------------------------------------------------------------------ sending and status

    /**
     * sendVoucher, sendVoucherFullSigns: Jinku queues a voucher the moment its last position is signed, and a
     * 回单 when it is signed, so here each must be complete and bound for decOrgType; one the peer could not
     * take (接收失败) is sent again (补发).
     */
    private Object send(Call c) {
        caller(c);
        requirePost(c, "sending", Post.REVIEW, Post.ENTRY);
        VoucherType type = typeOf(c.s(5));
        String destination = address(c.s(3));
        List<VoucherView> views = new ArrayList<>();
        for (String no : c.a(6)) {
            VoucherKey k = key(c, 1, 4, 5, no);
            VoucherView v = ownCopy(c.node(), k).orElseThrow(() -> unknown(k));
            if (v.voucherFlag() == 0) {
                requireComplete(type, v);
            }
            requireDestination(v, c.s(3));
            views.add(v);
        }
        for (VoucherView v : views) {
            DeliveryStatus s = v.statusFor(destination);
            if (s == DeliveryStatus.RECEIVE_FAILED || s == DeliveryStatus.RECEIPT_RECEIVE_FAILED) {
                call(() -> c.node().resend(v.key(), v.voucherFlag(), c.actor()));
            }
        }
        return null;
    }

    /** What this node sent under the key: its voucher, or its 回单 to a voucher it received. */
    private static Optional<VoucherView> ownCopy(Node node, VoucherKey k) {
        Optional<VoucherView> voucher = node.find(k, 0);
        if (voucher.isPresent() && voucher.get().direction() == Direction.OUT) {
            return voucher;
        }
        Optional<VoucherView> receipt = node.find(k, 1);
        return receipt.isPresent() && receipt.get().direction() == Direction.OUT ? receipt : Optional.empty();
    }

    /**
     * Status per voucher number, as [code, text] with the code a string (deployed clients parse it so). For a
     * voucher received here it is the status of this node's 回单 (14 before it is sent).
     */
    private Object status(Call c, String orgType, boolean sentOnly) {
        caller(c);
        type(c);
        String destination = orgType == null ? null : address(orgType);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String no : c.a(4)) {
            VoucherKey k = key(c, 1, 2, 3, no);
            out.put(no, statusPair(statusOf(c.node(), k, destination, sentOnly)));
        }
        return out;
    }

    private static DeliveryStatus statusOf(Node node, VoucherKey k, String destination, boolean sentOnly) {
        Optional<VoucherView> own = ownCopy(node, k);
        if (own.isPresent()) {
            VoucherView v = own.get();
            return destination == null ? v.status() : v.statusFor(destination);
        }
        Optional<VoucherView> received = node.find(k, 0);
        if (received.isEmpty() || sentOnly) {
            return DeliveryStatus.NOT_FOUND;
        }
        return DeliveryStatus.RECEIPT_NOT_SENT;
    }

    private static Object[] statusPair(DeliveryStatus s) {
        return new Object[] {String.valueOf(s.code()), s.text()};
    }

    // ------------------------------------------------------------------ stamps, printing, attachments

    /** The positions this party signs on the type: its sender positions, or its 回单's. */
    private Object positions(Call c) {
        caller(c);
        VoucherType type = type(c);
        List<StampPosition> own = type.sender() == c.node().role() ? type.senderPositions()
                : type.receiver() == c.node().role() ? type.receiptPositions() : List.of();
        Map<String, Object> out = new LinkedHashMap<>();
        for (StampPosition p : own) {
            out.put(p.no(), p.label());
        }
        return out;
    }

    private Object cancelStamp(Call c) {
        caller(c);
        requirePost(c, "cancelling a stamp (撤销签章)", Post.SEAL, Post.REVIEW);
        type(c);
        VoucherKey k = key(c, 1, 2, 3, c.s(4));
        call(() -> c.node().cancelStamp(k, c.s(5), c.actor()));
        return null;
    }

    private Object printCount(Call c) {
        caller(c);
        type(c);
        VoucherKey k = key(c, 1, 2, 3, c.s(4));
        int flag = heldFlag(c.node(), k);
        return (int) c.node().history(k).stream()
                .filter(e -> e.voucherFlag() == flag && HostAction.PRINTED.eventKind().equals(e.kind())).count();
    }

    /**
     * exportPDF: one print is recorded per whole rendering (pageNo 0) or first page, so a front-end fetching a
     * voucher page by page counts it once.
     */
    private Object exportPdf(Call c) {
        CertId caller = caller(c);
        VoucherType type = type(c);
        VoucherKey k = key(c, 1, 2, 3, c.s(5));
        int flag = heldFlag(c.node(), k);
        byte[] pdf = call(() -> VoucherRendering.render(c.node(), catalog, type, k, c.i(4)));
        if (c.i(4) <= 1) {
            call(() -> {
                c.node().recordHostAction(k, flag, HostAction.PRINTED, c.actor(), "exportPDF page " + c.i(4)
                        + ", " + pdf.length + " bytes, certID " + caller.id());
                return null;
            });
        }
        return pdf;
    }

    /** The voucher (0) when it is held here, else its 回单 (1): a party copied on a 回单 holds only that. */
    private static int heldFlag(Node node, VoucherKey k) {
        if (node.find(k, 0).isPresent()) {
            return 0;
        }
        node.find(k, 1).orElseThrow(() -> unknown(k));
        return 1;
    }

    private Object sendData(Call c) {
        caller(c);
        requirePost(c, "sending an attachment", Post.REVIEW, Post.ENTRY);
        byte[] data = c.b(5);
        if (data == null || data.length == 0) {
            throw new LegacyFault(Evs.ARGUMENT_TYPE, "argument 6 (data) is empty");
        }
        if (data.length > DataBlock.MAX_BYTES) {
            throw new LegacyFault(Evs.DATA_TOO_LARGE, data.length + " bytes; a block is at most " + DataBlock.MAX_BYTES
                    + " bytes: send it in 3 MB blocks");
        }
        String to = address(c.s(3));
        call(() -> {
            c.node().sendData(to, data, c.actor());
            return null;
        });
        return null;
    }

    private Object getData(Call c) {
        caller(c);
        return call(() -> c.node().takeData(c.actor())).map(DataBlock::data).orElse(null);
    }

    // ------------------------------------------------------------------ helpers

    /** The certID's entry (the first argument of every operation); unknown ids and ids of another node are refused. */
    private CertId caller(Call c) {
        String id = c.s(0);
        CertId cert = settings.certId(id).orElseThrow(() -> new LegacyFault(Evs.UNKNOWN_CERT_ID, "certID '" + id
                + "' is not registered: add certid." + id + " = <node>[/<operator>] to"
                + " etc/jinku.adapter.legacysoap.cfg"));
        if (!cert.node().equals(c.node().name())) {
            throw new LegacyFault(Evs.NOT_AUTHORIZED, "certID " + id + " belongs to node " + cert.node()
                    + ", not to node " + c.node().name() + " that this endpoint serves");
        }
        // an operator's certID is used by that operator alone: nobody signs on another's behalf
        if (cert.user() != null && !cert.user().equals(c.operator().name())) {
            throw new LegacyFault(Evs.NOT_AUTHORIZED, "certID " + id + " is " + cert.user() + "'s; the call is logged"
                    + " in as " + c.operator().name() + " (the front-end sends its operator's own account)");
        }
        return cert;
    }

    /**
     * The account must hold one of {@code posts} on the node, as over REST: writing is the entry clerk's, answering
     * and sending the entry clerk's or reviewer's, cancelling a stamp the sealer's or reviewer's. Signing is checked
     * by the node against the certificate's posts.
     */
    private static void requirePost(Call c, String what, Post... posts) {
        String node = c.node().name();
        for (Post p : posts) {
            if (c.operator().holds(p, node)) {
                return;
            }
        }
        List<String> needed = java.util.Arrays.stream(posts).map(p -> Roles.post(p, node)).toList();
        throw new LegacyFault(Evs.NOT_AUTHORIZED, what + " on " + node + " needs " + String.join(" or ", needed)
                + "; " + c.operator().name() + " holds " + c.operator().roles().stream()
                .filter(r -> r.endsWith("@" + node)).sorted().toList());
    }

    private VoucherType type(Call c) {
        String vt = c.s(3);
        if (c.i(2) < 1000 || c.i(2) > 9999) {
            throw new LegacyFault(Evs.ARGUMENT_TYPE, "stYear must be a 4-digit year, got " + c.i(2));
        }
        return typeOf(vt);
    }

    private VoucherType typeOf(String vtCode) {
        return catalog.type(vtCode == null ? "" : vtCode.trim()).orElseThrow(() -> new LegacyFault(
                Evs.UNKNOWN_VT_CODE, "VtCode '" + vtCode + "' is not in the catalogue; known: " + catalog.types()
                .stream().map(VoucherType::vtCode).sorted().toList()));
    }

    private static VoucherKey key(Call c, int adm, int year, int vt, String no) {
        if (no == null || no.isBlank()) {
            throw new LegacyFault(Evs.ARGUMENT_TYPE, "an empty voucher number");
        }
        return new VoucherKey(c.s(adm), String.valueOf(c.i(year)), c.s(vt), no.trim());
    }

    /** The envelope's vouchers, each of the division, year and type the call names. */
    private List<EnvelopeEntry> entries(Call c, VoucherType type) {
        byte[] message = c.b(4);
        if (message == null || message.length == 0) {
            throw new LegacyFault(Evs.MALFORMED_VOUCHER, "voucherMessage is empty");
        }
        List<EnvelopeEntry> entries;
        try {
            entries = catalog.readEnvelope(message);
        } catch (JinkuException e) {
            throw new LegacyFault(Evs.MALFORMED_VOUCHER, e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new LegacyFault(Evs.MALFORMED_VOUCHER, "the envelope holds no VoucherBody");
        }
        String year = String.valueOf(c.i(2));
        for (EnvelopeEntry e : entries) {
            VoucherKey k = e.key();
            if (!k.admDivCode().equals(c.s(1)) || !k.stYear().equals(year) || !k.vtCode().equals(type.vtCode())) {
                throw new LegacyFault(Evs.WRONG_DIVISION, "VoucherBody " + k + " is not of admDivCode " + c.s(1)
                        + ", stYear " + year + ", vtCode " + type.vtCode() + " as the call says");
            }
        }
        return entries;
    }

    private Voucher voucherOf(EnvelopeEntry e) {
        Voucher v;
        try {
            v = catalog.fromBase64(e.voucherBase64());
        } catch (JinkuException ex) {
            throw new LegacyFault(Evs.MALFORMED_VOUCHER, "voucher " + e.key() + ": " + ex.getMessage(), ex);
        }
        if (!v.key().equals(e.key())) {
            throw new LegacyFault(Evs.MALFORMED_VOUCHER, "VoucherBody names " + e.key() + " but the voucher inside"
                    + " is " + v.key());
        }
        return v;
    }

    /**
     * The positions of a stamp XML ({@code <MOF><Stamp No="cz_lr">stamp id</Stamp></MOF>}, {@code <Root>} too);
     * an empty argument names none.
     */
    static List<String> stampPositions(String xml) {
        if (xml == null || xml.isBlank()) {
            return List.of();
        }
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<String> out = new ArrayList<>();
        try {
            // Read as characters: the declaration may say GBK, but the argument arrived as a string already.
            XMLStreamReader r = f.createXMLStreamReader(new java.io.StringReader(xml.replaceFirst("^\\s*<\\?xml[^>]*\\?>",
                    "")));
            while (r.hasNext()) {
                if (r.next() == XMLStreamReader.START_ELEMENT && "Stamp".equals(r.getLocalName())) {
                    String no = r.getAttributeValue(null, "No");
                    if (no == null || no.isBlank()) {
                        throw new LegacyFault(Evs.WRONG_POSITION, "a <Stamp> without its position attribute No");
                    }
                    out.add(no.trim());
                }
            }
        } catch (XMLStreamException e) {
            throw new LegacyFault(Evs.WRONG_POSITION, "the stamp argument is not XML like <MOF><Stamp No=\"cz_lr\">"
                    + "…</Stamp></MOF>: " + e.getMessage());
        }
        return out;
    }

    /** The next sender position of a voucher being signed; null when all are signed. */
    private static String nextPosition(VoucherType type, VoucherView view) {
        int signed = view == null ? 0 : sigPositions(view).size();
        return signed < type.senderPositions().size() ? type.senderPositions().get(signed).no() : null;
    }

    private static List<String> sigPositions(VoucherView view) {
        return view.signatures().stream().filter(s -> !"STAMP".equals(s.post())).map(VoucherView.SignatureView::position)
                .toList();
    }

    private static boolean signedAt(VoucherView view, String position) {
        return sigPositions(view).contains(position);
    }

    private static List<String> names(List<StampPosition> positions) {
        return positions.stream().map(StampPosition::no).toList();
    }

    private static void requireComplete(VoucherType type, VoucherView view) {
        if (view.state() == VoucherState.DRAFT || view.state() == VoucherState.SIGNING) {
            List<String> missing = new ArrayList<>(names(type.senderPositions()));
            missing.removeAll(sigPositions(view));
            throw new LegacyFault(Evs.WRONG_STATE, "voucher " + view.key() + " is " + view.state() + ": it still"
                    + " waits for " + (missing.isEmpty() ? "its stamp" : "position(s) " + missing)
                    + " and is sent once they are signed");
        }
    }

    /** The voucher (or 回单) must be bound for the party of {@code decOrgType}. */
    private void requireDestination(VoucherView view, String decOrgType) {
        String destination = address(decOrgType);
        if (!view.deliveries().containsKey(destination) && !destination.equals(view.peer())) {
            throw new LegacyFault(Evs.UNKNOWN_ORG_TYPE, (view.voucherFlag() == 1 ? "the 回单 of " : "voucher ")
                    + view.key() + " goes to " + (view.deliveries().isEmpty() ? view.peer() : view.deliveries().keySet())
                    + " (org type " + (view.deliveries().isEmpty() ? settings.orgTypeOf(view.peer())
                    : view.deliveries().keySet().stream().map(settings::orgTypeOf).toList()) + "), not to decOrgType "
                    + decOrgType + " (" + destination + ")");
        }
    }

    private String address(String orgType) {
        String a = orgType == null ? null : settings.orgTypes().get(orgType.trim());
        if (a == null) {
            throw new LegacyFault(Evs.UNKNOWN_ORG_TYPE, "org type '" + orgType + "' is not configured (orgtype."
                    + orgType + " = <address> in etc/jinku.adapter.legacysoap.cfg); known: " + settings.orgTypes());
        }
        return a;
    }

    private static LegacyFault unknown(VoucherKey k) {
        return new LegacyFault(Evs.UNKNOWN_VOUCHER, "no voucher " + k + " here");
    }

    /** Runs a node call; its refusal becomes the fault of the matching EVS code, with the node's reason. */
    static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (JinkuException e) {
            throw new LegacyFault(evsOf(e.code()), "[" + e.code() + "] " + e.getMessage(), e);
        }
    }

    static Evs evsOf(RejectCode code) {
        return switch (code) {
            case MALFORMED_XML, ENVELOPE_MISMATCH, OVERSIZED -> Evs.MALFORMED_VOUCHER;
            case UNKNOWN_VOUCHER_TYPE -> Evs.UNKNOWN_VT_CODE;
            case INVALID_FIELD, AMOUNT_OUT_OF_RANGE, TOO_MANY_LINES -> Evs.INVALID_FIELD;
            case MISSING_SIGNATURE, BAD_SIGNATURE -> Evs.BAD_SIGNATURE;
            case UNKNOWN_CERTIFICATE, CERTIFICATE_EXPIRED, CERTIFICATE_REVOKED, BAD_KEY_USAGE, SIGNER_NOT_OF_PARTY,
                 NOT_ORGANISATION_CERTIFICATE, NOT_PERSONAL_CERTIFICATE, POST_NOT_HELD -> Evs.CERTIFICATE_INVALID;
            case NOT_AUTHORIZED, SAME_SIGNER_TWICE -> Evs.NOT_AUTHORIZED;
            case WRONG_PIN, KEY_LOCKED -> Evs.WRONG_PIN;
            case DUPLICATE_VOUCHER -> Evs.DUPLICATE_VOUCHER;
            case UNKNOWN_VOUCHER -> Evs.UNKNOWN_VOUCHER;
            case WRONG_STATE, VOIDED, OLD_VERSION -> Evs.WRONG_STATE;
            case SEAL_UNREGISTERED, SEAL_REVOKED, BAD_SEAL -> Evs.SEAL_ERROR;
            case UNKNOWN_PEER -> Evs.UNKNOWN_ORG_TYPE;
            default -> Evs.INTERNAL;
        };
    }
}
