package org.jinku.sim.common.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.EventView;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.ParkedMessage;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.RejectionView;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.VoucherView.SignatureView;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

/**
 * A node in memory for the simulators' unit tests: keeps what was submitted, signed, received and answered,
 * validates with the catalogue it is given, and signs post by post as the engine does. The real engine is
 * driven end to end by the Pax Exam tests.
 */
public final class FakeNode implements Node {

    public record Answer(String what, VoucherKey key, RejectCode code, String reason, Voucher receipt) {
    }

    /** The adapter {@link #runCommand} and {@link #ledger()} go to. */
    public PartyAdapter adapter;
    private final String name;
    private final PartyRole role;
    private final List<UserInfo> users;
    private final VoucherCatalog catalog;
    private final Map<String, VoucherView> views = new LinkedHashMap<>();
    private final Map<String, Voucher> contents = new LinkedHashMap<>();
    /** Vouchers this node made and signed by every post (queued for the peer), in order. */
    public final List<Voucher> sent = new ArrayList<>();
    /** Answers to received vouchers: accept, refuse, return, reply. */
    public final List<Answer> answers = new ArrayList<>();
    /**
     * The operators' PINs (user ID → PIN): an operator listed here signs only with that PIN (else WRONG_PIN);
     * one not listed signs with any.
     */
    public final Map<String, String> pins = new LinkedHashMap<>();
    /** Stamps applied (position → seal esID) per voucher, "key|flag". */
    private final Map<String, Map<String, String>> stamps = new LinkedHashMap<>();

    public FakeNode(String name, PartyRole role, VoucherCatalog catalog, String... users) {
        this.name = name;
        this.role = role;
        this.catalog = catalog;
        List<UserInfo> us = new ArrayList<>();
        for (String u : users) {
            String[] p = u.split(":");
            us.add(new UserInfo(p[0], Set.of(Post.valueOf(p[1])), "00"));
        }
        this.users = us;
    }

    private static String id(VoucherKey key, int flag) {
        return key + "|" + flag;
    }

    /** Stores a voucher as received from a peer (RECEIVED) and returns its view, as the engine would. */
    public VoucherView deliver(Voucher v) {
        VoucherView view = view(v.key(), 0, Direction.IN, VoucherState.RECEIVED, List.of(), null, v.get("PayAmt"));
        views.put(id(v.key(), 0), view);
        contents.put(id(v.key(), 0), v);
        return view;
    }

    /** Stores the peer's receipt of one of our vouchers (or a copy) and returns its view. */
    public VoucherView deliverReceipt(Voucher receipt) {
        VoucherView view = view(receipt.key(), 1, Direction.IN, VoucherState.RECEIVED, List.of(), null, receipt.get("PayAmt"));
        views.put(id(receipt.key(), 1), view);
        contents.put(id(receipt.key(), 1), receipt);
        VoucherView ours = views.get(id(receipt.key(), 0));
        if (ours != null && ours.direction() == Direction.OUT) {
            views.put(id(receipt.key(), 0), with(ours, VoucherState.CONFIRMED, null));
        }
        return view;
    }

    /** Marks one of our sent vouchers refused by the peer and returns its view. */
    public VoucherView peerRefused(VoucherKey key, String reason) {
        VoucherView v = with(views.get(id(key, 0)), VoucherState.REFUSED, reason);
        views.put(id(key, 0), v);
        return v;
    }

    public List<Voucher> sent(String vtCode) {
        return sent.stream().filter(v -> v.vtCode().equals(vtCode)).toList();
    }

    public List<Answer> answers(String what) {
        return answers.stream().filter(a -> a.what().equals(what)).toList();
    }

    public Optional<Answer> lastAnswer(VoucherKey key) {
        Answer last = null;
        for (Answer a : answers) {
            if (a.key().equals(key)) {
                last = a;
            }
        }
        return Optional.ofNullable(last);
    }

    private static VoucherView view(VoucherKey key, int flag, Direction d, VoucherState s, List<SignatureView> sigs,
                                    String reason, String amt) {
        Instant now = Instant.now();
        return new VoucherView(key, flag, d, "peer", s, Map.of(), sigs, amt, reason, "digest", now, now, 1);
    }

    private static VoucherView with(VoucherView v, VoucherState s, String reason) {
        return new VoucherView(v.key(), v.voucherFlag(), v.direction(), v.peer(), s, v.deliveries(), v.signatures(),
                v.payAmt(), reason, v.digest(), v.created(), Instant.now(), v.version());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PartyRole role() {
        return role;
    }

    @Override
    public String address() {
        return name;
    }

    @Override
    public List<UserInfo> users() {
        return users;
    }

    @Override
    public VoucherView submit(Voucher voucher) {
        Voucher v = catalog.forSending(voucher);
        List<FieldError> errors = catalog.validate(v, 0);
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        VoucherType t = catalog.type(v.vtCode()).orElseThrow();
        if (t.sender() != role) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, name + " is " + role + "; " + t.vtCode() + " is sent by " + t.sender());
        }
        if (views.containsKey(id(v.key(), 0))) {
            throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "voucher " + v.key() + " already exists");
        }
        VoucherView view = view(v.key(), 0, Direction.OUT, VoucherState.DRAFT, List.of(), null, v.get("PayAmt"));
        views.put(id(v.key(), 0), view);
        contents.put(id(v.key(), 0), v);
        return view;
    }

    @Override
    public VoucherView sign(VoucherKey key, String userId, String pin) {
        VoucherView v = views.get(id(key, 0));
        if (v == null) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no " + key);
        }
        if (pins.containsKey(userId) && !pins.get(userId).equals(pin)) {
            throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for the key container of " + userId);
        }
        VoucherType t = catalog.type(key.vtCode()).orElseThrow();
        UserInfo u = users.stream().filter(x -> x.userId().equals(userId)).findFirst().orElseThrow();
        var next = t.senderPositions().get(v.signatures().size());
        if (!u.posts().contains(next.post())) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, userId + " does not hold " + next.post());
        }
        if (v.signatures().stream().anyMatch(s -> s.userId().equals(userId))) {
            throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, userId + " signed already");
        }
        List<SignatureView> sigs = new ArrayList<>(v.signatures());
        sigs.add(new SignatureView(sigs.size() + 1, next.no(), userId, next.post().name(), "00", userId, Instant.now()));
        boolean complete = sigs.size() == t.senderPositions().size();
        VoucherView after = new VoucherView(key, 0, Direction.OUT, v.peer(), complete ? VoucherState.SENT
                : VoucherState.SIGNING, v.deliveries(), sigs, v.payAmt(), null, v.digest(), v.created(), Instant.now(), 1);
        views.put(id(key, 0), after);
        if (complete) {
            sent.add(contents.get(id(key, 0)));
        }
        return after;
    }

    /** Records the stamp with a made-up esID; no seal life cycle here (the engine's tests cover it). */
    @Override
    public VoucherView stamp(VoucherKey key, String position, String userId, String pin) {
        VoucherView v = views.get(id(key, 0));
        if (v == null) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no " + key);
        }
        if (pins.containsKey(userId) && !pins.get(userId).equals(pin)) {
            throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for the key container of " + userId);
        }
        stamps.computeIfAbsent(id(key, 0), k -> new LinkedHashMap<>()).put(position, name + "-seal-" + position);
        return v;
    }

    @Override
    public VoucherView cancelStamp(VoucherKey key, String position, String actor) {
        VoucherView v = views.get(id(key, 0));
        Map<String, String> on = stamps.get(id(key, 0));
        if (v == null || on == null || on.remove(position) == null) {
            throw new JinkuException(RejectCode.WRONG_STATE, key + " has no stamp at " + position);
        }
        return v;
    }

    @Override
    public Map<String, String> stamps(VoucherKey key, int voucherFlag) {
        return Map.copyOf(stamps.getOrDefault(id(key, voucherFlag), Map.of()));
    }

    @Override
    public List<org.jinku.api.CertificateView> certificates() {
        return List.of();
    }

    @Override
    public org.jinku.api.IssuedCertificate reportLost(String holder, String actor) {
        throw new UnsupportedOperationException("no CA in the fake node");
    }

    @Override
    public void publishCrl(String actor) {
    }

    @Override
    public Map<String, String> crls() {
        return Map.of();
    }

    @Override
    public List<org.jinku.api.SealView> seals() {
        return List.of();
    }

    @Override
    public org.jinku.api.SealView applySeal(String sealName, String position, byte[] png, String actor) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public org.jinku.api.SealView approveSeal(String sealId, String actor) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public org.jinku.api.SealView makeSeal(String sealId, String actor) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public org.jinku.api.SealView registerSeal(String sealId, String actor) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public org.jinku.api.SealView changeSeal(String sealId, byte[] png, String actor) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public org.jinku.api.SealView revokeSeal(String sealId, String actor, String reason) {
        throw new UnsupportedOperationException("no seals in the fake node");
    }

    @Override
    public Optional<VoucherView> find(VoucherKey key, int voucherFlag) {
        return Optional.ofNullable(views.get(id(key, voucherFlag)));
    }

    @Override
    public Optional<Voucher> content(VoucherKey key, int voucherFlag) {
        return Optional.ofNullable(contents.get(id(key, voucherFlag)));
    }

    @Override
    public List<EventView> history(VoucherKey key) {
        return List.of();
    }

    @Override
    public boolean historyIntact(VoucherKey key) {
        return true;
    }

    @Override
    public List<VoucherView> list(int limit) {
        return List.copyOf(views.values());
    }

    @Override
    public Map<DeliveryStatus, Long> statusCounts() {
        return Map.of();
    }

    @Override
    public List<RejectionView> rejections(int limit) {
        return List.of();
    }

    @Override
    public List<ParkedMessage> parked(int limit) {
        return List.of();
    }

    @Override
    public void retryParked(String id, String actor) {
    }

    @Override
    public void discardParked(String id, String actor) {
    }

    private VoucherView received(VoucherKey key) {
        VoucherView v = views.get(id(key, 0));
        if (v == null || v.direction() != Direction.IN) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "not received: " + key);
        }
        return v;
    }

    private VoucherView answer(VoucherKey key, VoucherState to, Set<VoucherState> from, String reason) {
        VoucherView v = received(key);
        if (v.state() == to) {
            return v;
        }
        if (!from.contains(v.state())) {
            throw new JinkuException(RejectCode.WRONG_STATE, key + " is " + v.state());
        }
        VoucherView after = with(v, to, reason);
        views.put(id(key, 0), after);
        return after;
    }

    @Override
    public VoucherView accept(VoucherKey key, String actor) {
        answers.add(new Answer("accept", key, null, null, null));
        return answer(key, VoucherState.ACCEPTED, Set.of(VoucherState.RECEIVED), null);
    }

    @Override
    public VoucherView refuse(VoucherKey key, String actor, String reason) {
        return refuse(key, actor, RejectCode.BUSINESS_REFUSED, reason);
    }

    @Override
    public VoucherView refuse(VoucherKey key, String actor, RejectCode code, String reason) {
        answers.add(new Answer("refuse", key, code, reason, null));
        return answer(key, VoucherState.REFUSED, Set.of(VoucherState.RECEIVED), reason);
    }

    @Override
    public VoucherView voidVoucher(VoucherKey key, String actor, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VoucherView refuseReceipt(VoucherKey key, String actor, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VoucherView returnReceipt(VoucherKey key, String actor, String reason) {
        throw new UnsupportedOperationException();
    }

    /** What was sent again (补发), as "key#flag". */
    public final List<String> resent = new ArrayList<>();

    @Override
    public VoucherView resend(VoucherKey key, int voucherFlag, String actor) {
        resent.add(key + "#" + voucherFlag);
        return find(key, voucherFlag).orElseThrow();
    }

    @Override
    public void holdPeer(String peer, boolean hold, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Set<String> heldPeers() {
        return java.util.Set.of();
    }

    @Override
    public Optional<byte[]> envelope(VoucherKey key, int voucherFlag) {
        return Optional.empty();
    }

    @Override
    public List<VoucherView> versions(VoucherKey key) {
        return find(key, 0).map(List::of).orElse(List.of());
    }

    @Override
    public Map<String, Object> ledger() {
        return adapter == null ? Map.of() : adapter.ledger(this);
    }

    @Override
    public List<String> commands() {
        return adapter == null ? List.of() : adapter.commands();
    }

    @Override
    public String runCommand(String command, Map<String, String> args) {
        if (adapter == null) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no adapter");
        }
        return adapter.command(this, command, args == null ? Map.of() : args);
    }

    @Override
    public VoucherView returnVoucher(VoucherKey key, String actor, String reason) {
        answers.add(new Answer("return", key, RejectCode.RETURNED, reason, null));
        return answer(key, VoucherState.RETURNED, Set.of(VoucherState.RECEIVED, VoucherState.ACCEPTED), reason);
    }

    @Override
    public VoucherView reply(VoucherKey key, Voucher receipt) {
        if (views.containsKey(id(key, 1))) {
            return views.get(id(key, 1));
        }
        List<FieldError> errors = catalog.validate(receipt, 1);
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        if (!receipt.key().equals(key)) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "receipt of another voucher");
        }
        answers.add(new Answer("reply", key, null, null, receipt));
        answer(key, VoucherState.REPLIED, Set.of(VoucherState.ACCEPTED), null);
        VoucherView r = view(key, 1, Direction.OUT, VoucherState.SENT, List.of(), null, receipt.get("XPayAmt"));
        views.put(id(key, 1), r);
        contents.put(id(key, 1), receipt);
        return r;
    }

    @Override
    public List<VoucherView> unanswered(String vtCode, int limit) {
        throw new UnsupportedOperationException("not used by the simulators");
    }

    @Override
    public void recordHostAction(VoucherKey key, int voucherFlag, org.jinku.api.HostAction action, String actor,
                                 String detail) {
        throw new UnsupportedOperationException("not used by the simulators");
    }

    @Override
    public VoucherView submitSigned(org.jinku.api.EnvelopeEntry entry, Map<String, String> signerByPosition,
                                    String actor) {
        throw new UnsupportedOperationException("not used by the simulators");
    }

    @Override
    public void sendData(String peer, byte[] data, String actor) {
        throw new UnsupportedOperationException("not used by the simulators");
    }

    @Override
    public Optional<org.jinku.api.DataBlock> takeData(String actor) {
        throw new UnsupportedOperationException("not used by the simulators");
    }
}
