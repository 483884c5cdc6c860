package org.jinku.sim.common;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

/**
 * What the party simulators share: one instance serves several nodes, each with its own books; answers go
 * out after the fault delay and never while silent; the common faults (refuse, return) apply to a voucher
 * seen for the first time; daily jobs and pending work run on a tick. Subclasses are the DS components
 * (annotations are not inherited) and implement {@link #answer} and {@link #onTick}.
 */
public abstract class SimulatorBase<S extends LedgerState> implements PartyAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorBase.class);
    public static final long TICK_MILLIS = 1000;

    protected final SimRuntime runtime;
    private final Class<S> stateType;
    private final Supplier<S> fresh;
    private volatile Books<S> books;
    protected volatile VoucherCatalog catalog;
    private volatile Wire wire = Wire.NONE;
    /** The nodes' configurations, for the operators' PINs the simulated people sign with. */
    private volatile NodeConfig nodeConfig = NodeConfig.NONE;
    /** Pending work claimed by a thread (so the tick and a callback never send the same notice at once). */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    protected SimulatorBase(String id, Class<S> stateType, Supplier<S> fresh) {
        this.runtime = new SimRuntime(id, java.time.Clock.systemDefaultZone());
        this.stateType = stateType;
        this.fresh = fresh;
    }

    @Override
    public String id() {
        return runtime.adapterId();
    }

    public SimRuntime runtime() {
        return runtime;
    }

    public void catalog(VoucherCatalog c) {
        catalog = c;
    }

    /** Where this simulator keeps its books (a configuration's {@code ledger.dir}; empty: the default). */
    public void ledgerDir(String configured) {
        LedgerStore store = new LedgerStore(LedgerStore.resolve(configured));
        Books<S> b = books;
        if (b == null) {
            books = new Books<>(id(), stateType, fresh, store);
        } else {
            b.store(store);
        }
    }

    protected Books<S> books() {
        Books<S> b = books;
        if (b == null) {
            ledgerDir("");
            b = books;
        }
        return b;
    }

    /** The node's books; hold their monitor to read or change them. */
    protected S books(Node node) {
        return books().get(node.name());
    }

    /** Changes the node's books and saves them, under their monitor. */
    protected <T> T change(Node node, Function<S, T> work) {
        S s = books(node);
        synchronized (s) {
            T r = work.apply(s);
            books().save(node.name());
            return r;
        }
    }

    protected <T> T read(Node node, Function<S, T> work) {
        S s = books(node);
        synchronized (s) {
            return work.apply(s);
        }
    }

    protected VoucherCatalog catalog() {
        VoucherCatalog c = catalog;
        if (c == null) {
            throw new JinkuException(RejectCode.INTERNAL_ERROR, id() + " has no voucher catalogue");
        }
        return c;
    }

    protected VoucherType type(String meaning) {
        return Meanings.type(catalog(), meaning);
    }

    protected LocalDate today() {
        return runtime.today();
    }

    protected String todayText() {
        return today().format(DailyTime.DAY);
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * A voucher arrived: answered by {@link #answer} after the fault delay, and not while silent (the engine
     * hands unanswered vouchers over again after a restart, so a delayed answer is never lost).
     */
    @Override
    public void voucherReceived(Node node, VoucherView view, Voucher content) {
        runtime.seen(node);
        String meaning = Meanings.of(catalog(), content);
        VoucherKey key = view.key();
        runtime.at(runtime.answerAt(0), "answer " + key, () -> {
            if (unanswered(node, key)) {
                answer(node, key, content, meaning);
            }
        });
    }

    /** Answers a received voucher: accept, refuse, return or pay and reply. Runs once the answer may go. */
    protected abstract void answer(Node node, VoucherKey key, Voucher voucher, String meaning);

    /** Whether the voucher still waits for this party's answer (received, or accepted without receipt yet). */
    protected static boolean unanswered(Node node, VoucherKey key) {
        Optional<VoucherView> v = node.find(key, 0);
        return v.isEmpty() || v.get().state() == VoucherState.RECEIVED || v.get().state() == VoucherState.ACCEPTED;
    }

    /**
     * The faults for a voucher seen the first time: refused (签收失败) when its meaning is in
     * {@code fault.refuse.meanings}, returned (退回) when in {@code fault.return.meanings}. True when it answered.
     */
    protected boolean faulted(Node node, VoucherKey key, String meaning) {
        Faults f = runtime.faults();
        if (f.refuses(meaning)) {
            refuse(node, key, RejectCode.BUSINESS_REFUSED, "模拟故障: " + id() + " 拒绝签收 " + meaning);
            return true;
        }
        if (f.returns(meaning)) {
            noted(node, key, meaning, RejectCode.RETURNED, f.returnReason());
            node.returnVoucher(key, id(), Texts.reason(f.returnReason()));
            return true;
        }
        return false;
    }

    /** Refuses with a specific code, after noting why in the books. */
    protected void refuse(Node node, VoucherKey key, RejectCode code, String reason) {
        String r = Texts.reason(reason);
        noted(node, key, Meanings.of(catalog(), key.vtCode()), code, r);
        node.refuse(key, id(), code, r);
    }

    /** Notes in the books a refusal or return this party gave (subclasses keep them where they like). */
    protected void noted(Node node, VoucherKey key, String meaning, RejectCode code, String reason) {
    }

    /** Accepts (签收) unless already accepted. */
    protected static void accept(Node node, VoucherKey key, String actor) {
        Optional<VoucherView> v = node.find(key, 0);
        if (v.isEmpty() || v.get().state() == VoucherState.RECEIVED) {
            node.accept(key, actor);
        }
    }

    // ------------------------------------------------------------------ sending, with its faults

    /** Signs and sends the 回单 of a voucher this party accepted; then the sending faults. */
    protected VoucherView reply(Node node, VoucherKey key, Voucher receipt) {
        VoucherView v = node.reply(key, receipt);
        sent(node, key, 1);
        return v;
    }

    /**
     * Submits a voucher of this party and signs every post, each operator with their PIN from the node's
     * configuration ({@code pin.<userId>}, the box's PINs); then the sending faults.
     */
    protected VoucherView send(Node node, VoucherType type, Voucher voucher) {
        VoucherView v = Sender.send(node, type, voucher, nodeConfig.pins(node.name()));
        sent(node, voucher.key(), 0);
        return v;
    }

    /**
     * {@code fault.duplicate.meanings} and {@code fault.tamper.meanings}: once every destination has answered
     * what was sent (or after a minute), the same envelope goes again (补发) and/or a copy with one signature
     * altered follows. The receivers must store and pay it once, and refuse the forgery.
     */
    private void sent(Node node, VoucherKey key, int flag) {
        Faults f = runtime.faults();
        String meaning = Meanings.of(catalog(), key.vtCode());
        if (f.duplicates(meaning) || f.tampers(meaning)) {
            secondCopy(node.name(), key, flag, f.duplicates(meaning), f.tampers(meaning), 0);
        }
    }

    private void secondCopy(String nodeName, VoucherKey key, int flag, boolean duplicate, boolean tamper, int tries) {
        runtime.at(runtime.now().plusSeconds(1), "second copy of " + key + "#" + flag, () -> runtime.withNode(nodeName,
                n -> {
                    VoucherView v = n.find(key, flag).orElse(null);
                    if (v == null) {
                        return Boolean.FALSE;
                    }
                    boolean answered = !v.deliveries().isEmpty() && v.deliveries().values().stream()
                            .noneMatch(d -> d == DeliveryStatus.SENT || d == DeliveryStatus.RECEIPT_SENT
                                    || d == DeliveryStatus.NOT_SENT || d == DeliveryStatus.RECEIPT_NOT_SENT);
                    if (!answered && tries < 60) {
                        secondCopy(nodeName, key, flag, duplicate, tamper, tries + 1);
                        return Boolean.FALSE;
                    }
                    if (duplicate) {
                        n.resend(key, flag, id() + " (fault.duplicate)");
                        LOG.info("{}: fault.duplicate: {}#{} sent again to {}", id(), key, flag, v.deliveries().keySet());
                    }
                    if (tamper) {
                        tampered(n, v);
                    }
                    return Boolean.TRUE;
                }));
    }

    /** Sends, as this party, the envelope of {@code v} with the value of its first signature altered. */
    private void tampered(Node node, VoucherView v) {
        byte[] envelope = node.envelope(v.key(), v.voucherFlag()).orElseThrow();
        EnvelopeEntry e = catalog().readEnvelope(envelope).get(0);
        List<SignatureEntry> sigs = new ArrayList<>(e.signatures());
        SignatureEntry first = sigs.get(0);
        byte[] cms = Base64.getMimeDecoder().decode(first.cmsBase64());
        // The signature value ends the SignerInfo; only end-of-contents octets (BER) may follow it.
        int last = cms.length - 1;
        while (last > 0 && cms[last] == 0) {
            last--;
        }
        cms[last] ^= 0x01;
        sigs.set(0, new SignatureEntry(first.position(), first.certSerialHex(), Base64.getEncoder().encodeToString(cms)));
        byte[] forged = catalog().writeEnvelope(List.of(new EnvelopeEntry(e.key(), e.voucherFlag(), e.attach(),
                e.voucherBase64(), sigs)));
        for (String destination : v.deliveries().keySet()) {
            wire.send(node, destination, new PeerTransport.Message("VOUCHER", node.address(),
                    v.key() + "#" + v.voucherFlag() + "/tampered-" + Ids.txn(destination), Map.of(), forged));
            LOG.info("{}: fault.tamper: {}#{} sent to {} with signature {} altered", id(), v.key(), v.voucherFlag(),
                    destination, first.position());
        }
    }

    // ------------------------------------------------------------------ timers

    /**
     * Starts the threads; the tick runs daily jobs and pending work of every node with books here. The wire
     * carries the tamper fault's forged copies; the nodes' configurations hold the operators' PINs.
     */
    protected void start(NodeLookup lookup, Wire w, NodeConfig configs) {
        wire = w == null ? Wire.NONE : w;
        nodeConfig(configs);
        runtime.lookup(lookup);
        runtime.start(TICK_MILLIS, this::tick);
    }

    /** Where the operators' PINs come from (tests: a fixed configuration; OSGi: configuration admin). */
    public void nodeConfig(NodeConfig configs) {
        nodeConfig = configs == null ? NodeConfig.NONE : configs;
    }

    protected void stop() {
        runtime.stop();
    }

    /** One tick: for each node this simulator keeps books for, {@link #onTick} (not while silent). */
    public void tick() {
        if (runtime.silent() || catalog == null) {
            return;
        }
        for (String name : books().nodes()) {
            try {
                runtime.withNode(name, n -> {
                    onTick(n);
                    return Boolean.TRUE;
                });
            } catch (RuntimeException e) {
                LOG.warn("{}: tick for node {} failed: {}", id(), name, e.toString(), e);
            }
        }
    }

    protected abstract void onTick(Node node);

    /**
     * Runs a daily job if its time has come and it has not run today; the day is noted first, so a failure
     * is not retried every tick. Returns what it said, or null when it was not due.
     */
    protected String daily(Node node, String job, DailyTime at, Supplier<String> work) {
        LocalDateTime now = runtime.localNow();
        if (!read(node, s -> at.due(now, s.lastRun.get(job)))) {
            return null;
        }
        change(node, s -> s.lastRun.put(job, now.toLocalDate().format(DailyTime.DAY)));
        try {
            String said = work.get();
            LOG.info("{}: daily {} for node {}: {}", id(), job, node.name(), said);
            return said;
        } catch (RuntimeException e) {
            LOG.warn("{}: daily {} for node {} failed: {}", id(), job, node.name(), e.getMessage());
            return e.getMessage();
        }
    }

    /** Claims pending work for this thread; false when another one has it. */
    protected boolean claim(String node, String work) {
        return claimed.add(node + "/" + work);
    }

    protected void release(String node, String work) {
        claimed.remove(node + "/" + work);
    }

    // ------------------------------------------------------------------ views

    @Override
    public Map<String, Object> ledger(Node node) {
        Map<String, Object> view = books().view(node.name());
        S s = books(node);
        synchronized (s) {
            Map<String, Object> extra = summary(s);
            if (!extra.isEmpty()) {
                view.put("summary", extra);
            }
        }
        Faults f = runtime.faults();
        Map<String, Object> faults = new java.util.LinkedHashMap<>();
        faults.put("refuse", String.join(",", f.refuseMeanings()));
        faults.put("return", String.join(",", f.returnMeanings()));
        faults.put("returnReason", f.returnReason());
        faults.put("delaySeconds", String.valueOf(f.delaySeconds()));
        faults.put("failPayeePrefix", f.failPayeePrefix());
        faults.put("silentUntil", runtime.silent() ? runtime.silentUntil().toString() : "");
        view.put("faults", faults);
        return view;
    }

    /** Totals worked out from the books for the ledger view; none by default. */
    protected Map<String, Object> summary(S state) {
        return Map.of();
    }

    /**
     * A setting read from the configuration; a value that does not parse is logged and the one in force
     * kept, so a typo in a cfg file never takes the simulator (and the nodes bound to it) down.
     */
    protected <T> T setting(String name, Supplier<T> parse, T inForce) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            LOG.warn("{}: setting {} is not valid ({}); keeping {}", id(), name, e.getMessage(), inForce);
            return inForce;
        }
    }

    protected String unknownCommand(String command) {
        throw new JinkuException(RejectCode.NOT_AUTHORIZED, "adapter " + id() + " has no command '" + command
                + "'; it has " + commands());
    }
}
