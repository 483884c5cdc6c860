package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.CertificateView;
import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.DataBlock;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.EventView;
import org.jinku.api.FieldError;
import org.jinku.api.HostAction;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.RejectionView;
import org.jinku.api.SealView;
import org.jinku.api.SignatureEntry;
import org.jinku.api.UserInfo;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.CertificateAuthority;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.StoreRecords.OutboxRow;
import org.jinku.api.spi.StoreRecords.RejectionRow;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherStore;
import org.jinku.api.spi.VoucherStoreFactory;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * One node (电子凭证库), created per factory configuration {@code jinku.node-<name>.cfg}. It binds the
 * store, crypto provider and transport its configuration selects ({@code store.target},
 * {@code crypto.target}, {@code transport.target}) and, optionally, a party adapter
 * ({@code adapter.target}), which may come and go while the node runs.
 */
@Component(service = Node.class, configurationPid = "jinku.node", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class NodeEngine implements Node {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEngine.class);
    private static final int MAX_REASON_BYTES = 200;

    @Reference(name = "catalog")
    VoucherCatalog catalog;
    @Reference(name = "store")
    VoucherStoreFactory storeFactory;
    @Reference(name = "crypto")
    CryptoProvider crypto;
    @Reference(name = "transport")
    PeerTransport transport;
    volatile PartyAdapter adapter;
    /** The CA whose CRL this node publishes and which revokes keys reported lost; optional at a site. */
    @Reference(name = "ca", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateAuthority ca;

    private NodeSettings settings;
    private Peers peers;
    private VoucherStore store;
    private EventLog events;
    private PeerTransport.Endpoint endpoint;
    private final Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Outbox outbox;
    private Inbox inbox;
    private ExecutorService adapterCalls;
    private Revocations revocations;
    private SealDesk sealDesk;
    private DataChannel dataChannel;
    private java.util.concurrent.ScheduledExecutorService trustTimer;

    /** Adapters come and go while the node runs; a new one is handed what the node holds unanswered. */
    @Reference(name = "adapter", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(jinku.adapter=none)", unbind = "unbindAdapter")
    void bindAdapter(PartyAdapter a) {
        adapter = a;
        if (store != null && adapterCalls != null) {
            resumePending();
        }
    }

    void unbindAdapter(PartyAdapter a) {
        if (adapter == a) {
            adapter = null;
        }
    }

    @Activate
    void activate(Map<String, Object> config) {
        settings = NodeSettings.from(config);
        try {
            if (settings.orgPin().isEmpty()) {
                throw new IllegalArgumentException("node " + settings.name() + ": org.pin (the PIN of the organisation's"
                        + " key container, for server-side signatures) is not configured");
            }
            // Certificates name the organisation and, for persons, the posts: what peers bind signatures to.
            if (!holds(settings.orgAlias(), Credential.Kind.ORGANISATION, Set.of())) {
                crypto.enroll(settings.orgAlias(), settings.name(), settings.name() + " " + settings.role(),
                        Credential.Kind.ORGANISATION, Set.of(), settings.orgPinChars());
            }
            for (Map.Entry<String, Set<Post>> user : settings.users().entrySet()) {
                String pin = settings.initialPins().get(user.getKey());
                String alias = settings.userAlias(user.getKey());
                if (holds(alias, Credential.Kind.PERSON, user.getValue())) {
                    // Already what the configuration says: not opened, so a PIN the operator changed since is
                    // never tried (a stale pin.<user> would count as a wrong PIN at every start).
                    continue;
                }
                if (pin == null) {
                    if (crypto.credential(alias).isEmpty()) {
                        LOG.warn("node {}: operator {} has no key container yet; issue one (jinku:ca-issue {} {} --posts"
                                + " ...) or set pin.{} for the box", settings.name(), user.getKey(), settings.name(),
                                user.getKey(), user.getKey());
                    }
                    continue;
                }
                try {
                    crypto.enroll(alias, settings.name(), user.getKey() + "@" + settings.name(),
                            Credential.Kind.PERSON, user.getValue(), pin.toCharArray());
                } catch (JinkuException e) {
                    // The operator changed their PIN since: the configured initial PIN no longer opens it.
                    LOG.info("node {}: container of {} kept as it is: {}", settings.name(), user.getKey(), e.getMessage());
                }
            }
            java.nio.file.Path dir = nodeDir();
            revocations = new Revocations(settings.name(), dir.resolve("crl"), crypto);
            sealDesk = new SealDesk(this, new SealBook(dir.resolve("seals.json")));
            dataChannel = new DataChannel(this, dir);
            peers = new Peers(settings, crypto);
            store = storeFactory.open(settings.name(), config);
            events = new EventLog(crypto, settings.orgAlias(), settings.orgPinChars());
            adapterCalls = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jinku-adapter-" + settings.name());
                t.setDaemon(true);
                return t;
            });
            inbox = new Inbox(this);
            outbox = new Outbox(this);
            endpoint = transport.open(settings.address(), settings.transportUser(),
                    settings.transportPassword().isEmpty() ? null : settings.transportPassword(), inbox);
            outbox.start();
            resumePending();
            startTrustTimer();
            LOG.info("node {} ({}) started at address {}; users {}", settings.name(), settings.role(),
                    settings.address(), settings.users().keySet());
        } catch (RuntimeException e) {
            // DS does not call deactivate when activate throws: release what was opened.
            deactivate();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        held.clear();
        if (trustTimer != null) {
            trustTimer.shutdownNow();
            trustTimer = null;
        }
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        if (outbox != null) {
            outbox.stop();
            outbox = null;
        }
        if (adapterCalls != null) {
            adapterCalls.shutdown();
            try {
                adapterCalls.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            adapterCalls = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    // ------------------------------------------------------------------ accessors for Inbox / Outbox

    VoucherStore store() {
        return store;
    }

    PeerTransport.Endpoint endpoint() {
        return endpoint;
    }

    VoucherCatalog catalog() {
        return catalog;
    }

    CryptoProvider crypto() {
        return crypto;
    }

    EventLog events() {
        return events;
    }

    NodeSettings settings() {
        return settings;
    }

    Peers peers() {
        return peers;
    }

    Revocations revocations() {
        return revocations;
    }

    DataChannel dataChannel() {
        return dataChannel;
    }

    SealDesk sealDesk() {
        return sealDesk;
    }

    /** Whether {@code alias}'s container exists and its certificate names this organisation, kind and posts. */
    private boolean holds(String alias, Credential.Kind kind, Set<Post> posts) {
        return crypto.holdsKey(alias) && crypto.credential(alias).map(c -> {
            org.jinku.api.CertificateSubject has = org.jinku.api.CertificateSubject.of(c.certificate());
            return has.organisation().equals(settings.name()) && has.kind() == kind
                    && has.posts().equals(kind == Credential.Kind.PERSON ? posts : Set.of());
        }).orElse(false);
    }

    /** Every peer of this node, of all roles, in configuration order. */
    List<String> allPeers() {
        List<String> out = new ArrayList<>();
        for (PartyRole r : PartyRole.values()) {
            out.addAll(settings.peersOf(r));
        }
        return out;
    }

    /** The node's own directory: its database, the CRLs it holds, its seal book. */
    private java.nio.file.Path nodeDir() {
        return java.nio.file.Paths.get(System.getProperty("karaf.data", "data"), "jinku", settings.name());
    }

    // ------------------------------------------------------------------ Node: identity

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public PartyRole role() {
        return settings.role();
    }

    @Override
    public String address() {
        return settings.address();
    }

    @Override
    public List<UserInfo> users() {
        List<UserInfo> out = new ArrayList<>();
        for (Map.Entry<String, Set<Post>> u : settings.users().entrySet()) {
            String sn = crypto.credential(settings.userAlias(u.getKey())).map(Credential::serialHex).orElse("");
            out.add(new UserInfo(u.getKey(), u.getValue(), sn));
        }
        return out;
    }

    // ------------------------------------------------------------------ Node: sender side

    @Override
    public VoucherView submit(Voucher submitted) {
        // Sent with its X fields present and empty, as deployed receivers expect to fill them in place.
        Voucher voucher = catalog.forSending(submitted);
        return store(submitted.key(), voucher, () -> catalog.toBase64(voucher), List.of(), Map.of(), "host");
    }

    @Override
    public VoucherView submitSigned(EnvelopeEntry entry, Map<String, String> signerByPosition, String actor) {
        VoucherKey key = entry.key();
        Voucher voucher;
        try {
            if (entry.voucherFlag() != 0) {
                throw new JinkuException(RejectCode.WRONG_STATE, "a 回单 is signed by this node (reply), not stored"
                        + " signed elsewhere");
            }
            voucher = catalog.fromBase64(entry.voucherBase64());
            if (!voucher.key().equals(key)) {
                throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "VoucherBody names " + key
                        + " but the voucher inside is " + voucher.key());
            }
        } catch (JinkuException e) {
            recordRejection("submit:" + actor, key.toString(), e, null);
            throw e;
        }
        return store(key, voucher, entry::voucherBase64, entry.signatures(), signerByPosition, actor);
    }

    /**
     * Stores a new voucher as DRAFT under {@code body} (its base64 text, kept as given), with the signatures made
     * elsewhere that come with it, verified first; queues it when they complete it.
     */
    private VoucherView store(VoucherKey key, Voucher voucher, java.util.function.Supplier<String> bodyOf,
                              List<SignatureEntry> signedElsewhere, Map<String, String> signerByPosition,
                              String actor) {
        try {
            List<FieldError> errors = catalog.validate(voucher, 0);
            if (!errors.isEmpty()) {
                throw JinkuException.invalid(errors);
            }
            VoucherType type = catalog.type(voucher.vtCode()).orElseThrow();
            if (type.sender() != settings.role()) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "node " + name() + " is " + settings.role()
                        + "; voucher type " + type.vtCode() + " is sent by " + type.sender());
            }
            if (!settings.admDivCode().isEmpty() && !settings.admDivCode().equals(key.admDivCode())) {
                throw new JinkuException(RejectCode.INVALID_FIELD, "AdmDivCode " + key.admDivCode()
                        + " is not this node's division " + settings.admDivCode());
            }
            String peer = settings.route(type.receiver(), type.routeField(),
                    type.routeField() == null ? null : voucher.get(type.routeField()));
            String body = bodyOf.get();
            String digest = digestHex(body);
            List<SignatureRow> verified = verifySignedElsewhere(type, body, peer, signedElsewhere, signerByPosition);
            Instant now = Instant.now();
            VoucherView stored = store.inTransaction(s -> {
                int version = 1;
                Optional<VoucherRow> live = s.lock(key, 0);
                if (live.isPresent()) {
                    VoucherRow existing = live.get();
                    if (existing.direction() != Direction.OUT || existing.state() != VoucherState.VOIDED) {
                        throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "voucher " + key + " already exists"
                                + " here (" + existing.state() + (existing.digest().equals(digest) ? ", same content"
                                : ", other content") + "); to send a corrected one under this VoucherNo, void (作废)"
                                + " it first — possible before it is sent, or after the peer refused or returned it");
                    }
                    s.supersede(existing.id());
                    version = existing.version() + 1;
                }
                Optional<VoucherRow> inserted = s.insert(new VoucherRow(0, key, 0, Direction.OUT, peer,
                        VoucherState.DRAFT, body, digest, voucher.get(payField(type)), null, now, now, version));
                if (inserted.isEmpty()) {
                    throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "voucher " + key + " was stored meanwhile");
                }
                VoucherRow row = inserted.get();
                events.append(s, row.id(), "SUBMITTED", actor, voucher.details().size() + " line(s), "
                        + row.payAmt() + " yuan, to " + peer + (version == 1 ? "" : "; version " + version
                        + ", replacing voided version " + (version - 1)));
                if (verified.isEmpty()) {
                    return Views.voucher(s, row);
                }
                List<SignatureRow> all = new ArrayList<>();
                for (SignatureRow v : verified) {
                    SignatureRow sig = new SignatureRow(row.id(), all.size() + 1, v.position(), v.userId(), v.post(),
                            v.certSerialHex(), v.signer(), v.cmsBase64(), v.at());
                    s.addSignature(sig);
                    all.add(sig);
                    events.append(s, row.id(), "SIGNED", v.userId(), v.position() + " " + Post.valueOf(v.post())
                            .label() + " cert " + v.certSerialHex() + ", signed elsewhere (kept as received)");
                }
                completeIfReady(s, row, type, all);
                return Views.voucher(s, s.find(key, 0).orElseThrow());
            });
            if (!verified.isEmpty()) {
                wakeOutbox();
            }
            return stored;
        } catch (JinkuException e) {
            recordRejection("submit" + ("host".equals(actor) ? "" : ":" + actor), key.toString(), e, null);
            throw e;
        }
    }

    /**
     * Checks the signatures a voucher brings from elsewhere, as the receiver will: each at the next sender
     * position, over the exact text, under a trusted CA and not revoked, with the certificate its SN names; and,
     * as only this node can, that each is by the operator mapped to it, who holds the post, none twice. An
     * organisation position carries this node's own organisation certificate.
     */
    private List<SignatureRow> verifySignedElsewhere(VoucherType type, String body, String peer,
                                                     List<SignatureEntry> sigs, Map<String, String> signerByPosition) {
        List<SignatureRow> out = new ArrayList<>();
        List<StampPosition> positions = type.senderPositions();
        if (sigs.size() > positions.size()) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, sigs.size() + " signatures, but voucher type "
                    + type.vtCode() + " has " + positions.size() + " sender positions " + positionNames(positions));
        }
        byte[] content = body.getBytes(StandardCharsets.US_ASCII);
        List<String> signers = new ArrayList<>();
        for (int i = 0; i < sigs.size(); i++) {
            SignatureEntry sig = sigs.get(i);
            StampPosition p = positions.get(i);
            String what = "signature at " + sig.position();
            if (!p.no().equals(sig.position())) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE, what + ": voucher type " + type.vtCode()
                        + " is signed at " + positionNames(positions) + " in that order; position " + (i + 1)
                        + " is " + p.no());
            }
            VerifiedSignature v = VerifySignatures.verifyOne(crypto, revocations, settings.profile(peer), content, sig,
                    what);
            String userId;
            if (p.organisation()) {
                String own = crypto.credential(settings.orgAlias()).map(Credential::serialHex).orElse("");
                if (!own.equalsIgnoreCase(v.serialHex())) {
                    throw new JinkuException(RejectCode.NOT_ORGANISATION_CERTIFICATE, what + " must carry the"
                            + " organisation signature of " + name() + ", but is signed by " + v.subject());
                }
                userId = "org";
            } else {
                userId = signerByPosition.get(p.no());
                Set<Post> posts = userId == null ? null : settings.users().get(userId);
                if (posts == null) {
                    throw new JinkuException(RejectCode.NOT_AUTHORIZED, what + " by " + v.subject() + " (SN "
                            + v.serialHex() + ") is by no operator of node " + name()
                            + (userId == null ? "" : " (mapped to unknown user " + userId + ")"));
                }
                if (!posts.contains(p.post())) {
                    throw new JinkuException(RejectCode.NOT_AUTHORIZED, what + " needs post " + p.post() + " ("
                            + p.post().label() + "), but " + userId + " holds " + posts);
                }
                if (signers.contains(userId)) {
                    throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, what + " is by " + userId
                            + ", who already signed another post of this voucher");
                }
                signers.add(userId);
            }
            out.add(new SignatureRow(0, out.size() + 1, p.no(), userId, p.post().name(), v.serialHex(), v.subject(),
                    sig.cmsBase64(), Instant.now()));
        }
        return out;
    }

    private static List<String> positionNames(List<StampPosition> positions) {
        return positions.stream().map(StampPosition::no).toList();
    }

    // ------------------------------------------------------------------ Node: for host systems' own APIs

    @Override
    public Optional<String> adapterId() {
        PartyAdapter a = adapter;
        return a == null ? Optional.empty() : Optional.of(a.id());
    }

    @Override
    public void sendData(String peer, byte[] data, String actor) {
        dataChannel.send(peer, data, actor);
    }

    @Override
    public Optional<DataBlock> takeData(String actor) {
        return dataChannel.take(actor);
    }

    /** How many received vouchers are scanned for one type's unanswered ones (the store selects by state). */
    private static final int UNANSWERED_SCAN = 20_000;

    @Override
    public List<VoucherView> unanswered(String vtCode, int limit) {
        return store.read(s -> s.inState(Direction.IN, VoucherState.RECEIVED, UNANSWERED_SCAN).stream()
                .filter(r -> r.voucherFlag() == 0 && r.key().vtCode().equals(vtCode)).limit(limit)
                .map(r -> Views.voucher(s, r)).toList());
    }

    @Override
    public void recordHostAction(VoucherKey key, int voucherFlag, HostAction action, String actor, String detail) {
        checkFlag(voucherFlag);
        store.inTransaction(s -> {
            VoucherRow row = s.lock(key, voucherFlag).orElseThrow(() -> unknown(key, voucherFlag));
            events.append(s, row.id(), action.eventKind(), actor, detail);
            return null;
        });
    }

    @Override
    public VoucherView sign(VoucherKey key, String userId, String pin) {
        return recorded("sign:" + userId, key, () -> signAsUser(key, userId, pin));
    }

    private VoucherView signAsUser(VoucherKey key, String userId, String pin) {
        Set<Post> posts = settings.users().get(userId);
        if (posts == null) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "user " + userId + " is not an operator of node " + name());
        }
        char[] pinChars = pin == null ? null : pin.toCharArray();
        VoucherView view = store.inTransaction(s -> {
            VoucherRow row = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
            if (row.direction() != Direction.OUT) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " was received, not made here;"
                        + " only this node's own vouchers are signed post by post");
            }
            Transitions.next(row.state(), Transitions.Event.SIGN, "voucher " + key);
            VoucherType type = catalog.type(key.vtCode()).orElseThrow();
            List<SignatureRow> all = s.signatures(row.id());
            List<SignatureRow> done = signaturesOnly(all);
            for (SignatureRow d : done) {
                if (userId.equals(d.userId())) {
                    throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, "user " + userId + " already signed voucher "
                            + key + " at " + d.position() + "; the next post must be signed by someone else");
                }
            }
            List<StampPosition> positions = type.senderPositions();
            if (done.size() >= positions.size()) {
                throw new JinkuException(RejectCode.WRONG_STATE, "every post of voucher " + key + " has signed; it waits"
                        + " for its stamp at " + missingStamps(type, all) + " (jinku:stamp)");
            }
            StampPosition next = positions.get(done.size());
            if (!posts.contains(next.post())) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "user " + userId + " holds " + posts
                        + " but voucher " + key + " waits for post " + next.post() + " (" + next.post().label()
                        + ", position " + next.no() + ")");
            }
            String userAlias = settings.userAlias(userId);
            if (next.organisation()) {
                // At an organisation position the person holding its post applies the organisation's e-seal; their
                // own PIN proves it is them (a signature with their key that is not kept).
                crypto.signRaw(userAlias, pinChars, row.bodyBase64().getBytes(StandardCharsets.US_ASCII),
                        settings.profile(row.peer()));
            }
            String alias = next.organisation() ? settings.orgAlias() : userAlias;
            char[] signPin = next.organisation() ? settings.orgPinChars() : pinChars;
            SignatureRow sig = signatureRow(row.id(), all.size() + 1, next, userId, alias, signPin, row.bodyBase64(),
                    row.peer());
            s.addSignature(sig);
            events.append(s, row.id(), "SIGNED", userId, next.no() + " " + next.post().label() + " cert " + sig.certSerialHex());
            all = new ArrayList<>(all);
            all.add(sig);
            if (settings.stampPositions(key.vtCode()).contains(next.no())) {
                SignatureRow stamp = stampRow(row.id(), all.size() + 1, next.no(), userId, alias, signPin,
                        row.bodyBase64(), List.of(row.peer()));
                s.addSignature(stamp);
                all.add(stamp);
                events.append(s, row.id(), "STAMPED", userId, next.no() + " seal by cert " + stamp.certSerialHex());
            }
            completeIfReady(s, row, type, all);
            return Views.voucher(s, s.find(key, 0).orElseThrow());
        });
        wakeOutbox();
        return view;
    }

    /**
     * Queues the voucher once every post has signed and every configured stamp is on it; otherwise it stays
     * SIGNING (a stamp cancelled before sending is applied again with {@link #stamp}).
     */
    private void completeIfReady(VoucherStore.Session s, VoucherRow row, VoucherType type, List<SignatureRow> all) {
        List<StampPosition> positions = type.senderPositions();
        boolean complete = signaturesOnly(all).size() == positions.size() && missingStamps(type, all).isEmpty();
        VoucherState after = Transitions.next(row.state(), complete ? Transitions.Event.SIGN_LAST
                : Transitions.Event.SIGN, "voucher " + row.key());
        s.updateState(row.id(), after, null);
        if (complete) {
            s.setDelivery(row.id(), row.peer(), DeliveryStatus.NOT_SENT, null);
            enqueueEnvelope(s, row, all, row.peer());
            events.append(s, row.id(), "QUEUED", "system", "all " + positions.size() + " posts signed"
                    + (stampsOnly(all).isEmpty() ? "" : ", " + stampsOnly(all).size() + " stamp(s)") + "; envelope for "
                    + row.peer() + " in outbox");
        }
    }

    /** Configured stamp positions of the voucher's sender side that carry a signature but no stamp yet. */
    private List<String> missingStamps(VoucherType type, List<SignatureRow> all) {
        List<String> signed = signaturesOnly(all).stream().map(SignatureRow::position).toList();
        List<String> stamped = stampsOnly(all).stream().map(SignatureRow::position).toList();
        List<String> out = new ArrayList<>();
        for (String p : settings.stampPositions(type.vtCode())) {
            boolean senderPosition = type.senderPositions().stream().anyMatch(sp -> sp.no().equals(p));
            if (senderPosition && (!signed.contains(p) || !stamped.contains(p))) {
                out.add(p);
            }
        }
        return out;
    }

    static List<SignatureRow> signaturesOnly(List<SignatureRow> rows) {
        return rows.stream().filter(r -> !VerifyStamps.POST.equals(r.post())).toList();
    }

    /** The esID of the seal a stored stamp row (SES_Signature) was made with. */
    private static String sealIdOf(SignatureRow stamp) {
        return org.jinku.eseal.ESeals.parseStamp(Base64.getDecoder().decode(stamp.cmsBase64())).seal().esId();
    }

    static List<SignatureRow> stampsOnly(List<SignatureRow> rows) {
        return rows.stream().filter(r -> VerifyStamps.POST.equals(r.post())).toList();
    }

    @Override
    public VoucherView stamp(VoucherKey key, String position, String userId, String pin) {
        return recorded("stamp:" + userId, key, () -> {
            Set<Post> posts = settings.users().get(userId);
            if (posts == null) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "user " + userId + " is not an operator of node "
                        + name());
            }
            VoucherView view = store.inTransaction(s -> {
                VoucherRow row = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
                if (row.direction() != Direction.OUT || row.state() != VoucherState.SIGNING) {
                    throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " is " + row.state()
                            + (row.direction() != Direction.OUT ? ", received here" : "")
                            + "; only a voucher of this node still being signed is stamped");
                }
                VoucherType type = catalog.type(key.vtCode()).orElseThrow();
                if (!settings.stampPositions(key.vtCode()).contains(position)) {
                    throw new JinkuException(RejectCode.INVALID_FIELD, "node " + name() + " stamps " + key.vtCode()
                            + " at " + settings.stampPositions(key.vtCode()) + ", not at " + position
                            + " (stamps." + key.vtCode() + " in its configuration)");
                }
                List<SignatureRow> all = s.signatures(row.id());
                SignatureRow signed = signaturesOnly(all).stream().filter(r -> r.position().equals(position)).findFirst()
                        .orElseThrow(() -> new JinkuException(RejectCode.WRONG_STATE, "position " + position + " of "
                                + key + " is not signed yet; the stamp goes with its signature"));
                if (stampsOnly(all).stream().anyMatch(r -> r.position().equals(position))) {
                    throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " is already stamped at "
                            + position);
                }
                if (!userId.equals(signed.userId()) && !posts.contains(Post.SEAL)) {
                    throw new JinkuException(RejectCode.NOT_AUTHORIZED, "user " + userId + " neither signed " + position
                            + " nor holds the post " + Post.SEAL + " (" + Post.SEAL.label() + ")");
                }
                SignatureRow stamp = stampRow(row.id(), all.size() + 1, position, userId, settings.userAlias(userId),
                        pin == null ? null : pin.toCharArray(), row.bodyBase64(), List.of(row.peer()));
                s.addSignature(stamp);
                events.append(s, row.id(), "STAMPED", userId, position + " seal by cert " + stamp.certSerialHex());
                List<SignatureRow> now = new ArrayList<>(all);
                now.add(stamp);
                completeIfReady(s, row, type, now);
                return Views.voucher(s, s.find(key, 0).orElseThrow());
            });
            wakeOutbox();
            return view;
        });
    }

    @Override
    public VoucherView cancelStamp(VoucherKey key, String position, String actor) {
        return recorded("cancel-stamp:" + actor, key, () -> store.inTransaction(s -> {
            VoucherRow row = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
            List<SignatureRow> all = s.signatures(row.id());
            if (stampsOnly(all).stream().noneMatch(r -> r.position().equals(position))) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " has no stamp at " + position);
            }
            if (row.direction() != Direction.OUT || row.state() != VoucherState.SIGNING) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " is " + row.state()
                        + "; a stamp is cancelled only before the voucher is sent");
            }
            s.removeSignatures(row.id());
            for (SignatureRow r : all) {
                if (!(VerifyStamps.POST.equals(r.post()) && r.position().equals(position))) {
                    s.addSignature(r);
                }
            }
            events.append(s, row.id(), "STAMP_CANCELLED", actor, position + " (撤销签章) before sending");
            return Views.voucher(s, s.find(key, 0).orElseThrow());
        }));
    }

    @Override
    public Map<String, String> stamps(VoucherKey key, int voucherFlag) {
        checkFlag(voucherFlag);
        return store.read(s -> {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            s.find(key, voucherFlag).ifPresent(row -> {
                for (SignatureRow r : stampsOnly(s.signatures(row.id()))) {
                    out.put(r.position(), sealIdOf(r));
                }
            });
            return out;
        });
    }

    SignatureRow signatureRow(long voucherId, int seq, StampPosition position, String userId, String alias, char[] pin,
                              String bodyBase64, String peer) {
        Credential c = crypto.credential(alias).orElseThrow(() -> new JinkuException(RejectCode.NOT_AUTHORIZED,
                "no key container for " + alias + "; the security administrator issues one (jinku:ca-issue)"));
        revocations.check(c.certificate(), "signing as " + alias);
        byte[] cms = crypto.sign(alias, pin, bodyBase64.getBytes(StandardCharsets.US_ASCII), settings.profile(peer));
        return new SignatureRow(voucherId, seq, position.no(), userId, position.post().name(), c.serialHex(),
                c.subject(), Base64.getEncoder().encodeToString(cms), Instant.now());
    }

    private SignatureRow stampRow(long voucherId, int seq, String position, String userId, String alias, char[] pin,
                                  String bodyBase64, List<String> destinations) {
        Credential c = crypto.credential(alias).orElseThrow();
        String ses = sealDesk.stamp(position, bodyBase64, destinations, alias, pin);
        return new SignatureRow(voucherId, seq, position, userId, VerifyStamps.POST, c.serialHex(), c.subject(), ses,
                Instant.now());
    }

    /**
     * Queues the envelope for {@code destination}, written as that peer wants it: its CMS identifiers and SM2
     * encoding, and SM4-encrypted for its certificate when it asks for encryption.
     */
    void enqueueEnvelope(VoucherStore.Session s, VoucherRow row, List<SignatureRow> sigs, String destination) {
        CryptoProfile profile = settings.profile(destination);
        byte[] body = envelopeOf(row, sigs, profile);
        Map<String, String> headers = Map.of();
        if (settings.encryptFor().contains(destination)) {
            body = crypto.encrypt(peers.organisationCertificate(destination), body, profile);
            headers = Map.of(ENCRYPTED, "sm4");
        }
        s.enqueue(new OutboxRow(0, destination, "VOUCHER", Ack.ref(row.key(), row.voucherFlag()),
                headers, body, 0, Instant.now()));
    }

    /** Header of a message whose body is a GM/T 0010 EnvelopedData (SM4 payload, key wrapped with SM2). */
    static final String ENCRYPTED = "encrypted";

    private byte[] envelopeOf(VoucherRow row, List<SignatureRow> sigs, CryptoProfile profile) {
        // Received envelopes (profile null) are shown as they arrived; what we send is written as its peer wants.
        boolean asStored = profile == null || profile.equals(CryptoProfile.DEFAULT) && settings.profiles().values()
                .stream().allMatch(CryptoProfile.DEFAULT::equals);
        List<SignatureEntry> entries = signaturesOnly(sigs).stream()
                .map(g -> new SignatureEntry(g.position(), g.certSerialHex(), asStored ? g.cmsBase64()
                        : Base64.getEncoder().encodeToString(crypto.transcode(Base64.getDecoder().decode(g.cmsBase64()),
                        profile)))).toList();
        List<org.jinku.api.StampEntry> stamps = stampsOnly(sigs).stream()
                .map(g -> new org.jinku.api.StampEntry(g.position(), sealIdOf(g), g.cmsBase64())).toList();
        return catalog.writeEnvelope(List.of(new EnvelopeEntry(row.key(), row.voucherFlag(), "",
                row.bodyBase64(), entries, stamps)));
    }

    @Override
    public VoucherView resend(VoucherKey key, int voucherFlag, String actor) {
        checkFlag(voucherFlag);
        VoucherView view = recorded("resend:" + actor, key, () -> store.inTransaction(s -> {
            VoucherRow row = s.lock(key, voucherFlag).orElseThrow(() -> unknown(key, voucherFlag));
            if (row.direction() != Direction.OUT) {
                throw new JinkuException(RejectCode.WRONG_STATE, (voucherFlag == 1 ? "the 回单 of " : "voucher ") + key
                        + " was received here; only its sender sends it again");
            }
            if (row.state() == VoucherState.DRAFT || row.state() == VoucherState.SIGNING
                    || row.state() == VoucherState.VOIDED) {
                throw new JinkuException(RejectCode.WRONG_STATE, (voucherFlag == 1 ? "the 回单 of " : "voucher ") + key
                        + " is " + row.state() + "; only what was signed by every post and not voided is sent again");
            }
            List<String> to = s.deliveries(row.id()).stream().map(d -> d.destination()).distinct().toList();
            if (to.isEmpty()) {
                to = List.of(row.peer());
            }
            List<SignatureRow> sigs = s.signatures(row.id());
            for (String destination : to) {
                enqueueEnvelope(s, row, sigs, destination);
            }
            events.append(s, row.id(), "RESENT", actor, "补发: the same envelope again to " + to);
            return Views.voucher(s, s.find(key, voucherFlag).orElseThrow());
        }));
        wakeOutbox();
        return view;
    }

    @Override
    public void holdPeer(String peer, boolean hold, String actor) {
        if (peer == null || peer.isBlank() || peer.length() > 64) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "peer is a transport address of at most 64 characters");
        }
        boolean changed = hold ? held.add(peer) : held.remove(peer);
        if (changed) {
            LOG.warn("node {}: {} holds everything to {}{}", name(), actor, peer, hold ? "" : " no more; sending it now");
        }
        wakeOutbox();
    }

    @Override
    public Set<String> heldPeers() {
        return Set.copyOf(held);
    }

    /** Destinations whose messages wait in the outbox (see {@link #holdPeer}). */
    Set<String> held() {
        return held;
    }

    @Override
    public Optional<byte[]> envelope(VoucherKey key, int voucherFlag) {
        checkFlag(voucherFlag);
        return store.read(s -> s.find(key, voucherFlag).map(row -> envelopeOf(row, s.signatures(row.id()),
                row.direction() == Direction.OUT ? settings.profile(row.peer()) : null)));
    }

    private static void checkFlag(int voucherFlag) {
        if (voucherFlag != 0 && voucherFlag != 1) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "VoucherFlag is 0 (voucher) or 1 (回单), not "
                    + voucherFlag);
        }
    }

    /** The outbox handed {@code r} to the transport: a voucher or receipt is now "sent". */
    void handedOver(VoucherStore.Session s, OutboxRow r) {
        if (!"VOUCHER".equals(r.type())) {
            return;
        }
        Object[] ref = Ack.parseRef(r.messageId());
        if (ref == null) {
            return;
        }
        VoucherKey key = (VoucherKey) ref[0];
        int flag = (Integer) ref[1];
        s.lock(key, flag).ifPresent(row -> {
            DeliveryStatus current = deliveryTo(s, row, r.destination());
            // An answer may already have moved the voucher on; sending then changes nothing.
            if (Transitions.allowed(current, DeliveryStatus.SENT.forFlag(flag))) {
                s.setDelivery(row.id(), r.destination(), DeliveryStatus.SENT.forFlag(flag), null);
                Transitions.nextIfAllowed(row.state(), Transitions.Event.HAND_OVER)
                        .ifPresent(next -> s.updateState(row.id(), next, null));
                events.append(s, row.id(), "SENT", "system", "handed to transport for " + r.destination());
            }
        });
    }

    /** The status towards {@code destination}; not sent when there is none yet. */
    DeliveryStatus deliveryTo(VoucherStore.Session s, VoucherRow row, String destination) {
        return s.deliveries(row.id()).stream().filter(d -> d.destination().equals(destination)).map(d -> d.status())
                .findFirst().orElse(DeliveryStatus.NOT_SENT.forFlag(row.voucherFlag()));
    }

    // ------------------------------------------------------------------ Node: receiver side

    @Override
    public VoucherView accept(VoucherKey key, String actor) {
        return recorded("accept:" + actor, key, () ->
                decide(key, actor, Transitions.Event.ACCEPT, Ack.Step.ACCEPTED, null, "ACCEPTED"));
    }

    @Override
    public VoucherView refuse(VoucherKey key, String actor, String reason) {
        return recorded("refuse:" + actor, key, () ->
                decide(key, actor, Transitions.Event.REFUSE, Ack.Step.REFUSED, checkReason(reason), "REFUSED"));
    }

    @Override
    public VoucherView refuse(VoucherKey key, String actor, RejectCode code, String reason) {
        return recorded("refuse:" + actor, key, () ->
                decide(key, actor, Transitions.Event.REFUSE, Ack.Step.REFUSED, checkReason(reason), "REFUSED", code));
    }

    @Override
    public VoucherView returnVoucher(VoucherKey key, String actor, String reason) {
        return recorded("return:" + actor, key, () ->
                decide(key, actor, Transitions.Event.RETURN, Ack.Step.RETURNED, checkReason(reason), "RETURNED"));
    }

    @Override
    public VoucherView voidVoucher(VoucherKey key, String actor, String reason) {
        return recorded("void:" + actor, key, () -> store.inTransaction(s -> {
            VoucherRow row = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
            if (row.direction() != Direction.OUT) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " was received; only its sender"
                        + " voids it (a receiver refuses or returns it)");
            }
            if (Transitions.nextIfAllowed(row.state(), Transitions.Event.VOID).isEmpty()) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " is " + row.state() + " (status "
                        + Views.voucher(s, row).status().code() + "): it may be paid at the peer, so it is not voided"
                        + " here; ask the peer to return it (退回) first");
            }
            String why = checkReason(reason);
            s.updateState(row.id(), VoucherState.VOIDED, why);
            events.append(s, row.id(), "VOIDED", actor, "version " + row.version() + " voided (作废): " + why);
            return Views.voucher(s, s.find(key, 0).orElseThrow());
        }));
    }

    @Override
    public VoucherView refuseReceipt(VoucherKey key, String actor, String reason) {
        return recorded("refuse-receipt:" + actor, key, () -> rejectReceipt(key, actor, Ack.Step.REFUSED,
                RejectCode.BUSINESS_REFUSED, checkReason(reason)));
    }

    @Override
    public VoucherView returnReceipt(VoucherKey key, String actor, String reason) {
        return recorded("return-receipt:" + actor, key, () -> rejectReceipt(key, actor, Ack.Step.RETURNED,
                RejectCode.RETURNED, checkReason(reason)));
    }

    /**
     * The voucher's sender will not take the 回单 it took: the receipt is marked refused or returned, the
     * voucher it answers waits for a corrected one, and the receipt's sender is told in a signed answer.
     */
    private VoucherView rejectReceipt(VoucherKey key, String actor, Ack.Step step, RejectCode code, String reason) {
        VoucherView view = store.inTransaction(s -> {
            VoucherRow receipt = s.lock(key, 1).orElseThrow(() -> unknown(key, 1));
            VoucherRow original = s.lock(key, 0).orElse(null);
            if (receipt.direction() != Direction.IN || original == null || original.direction() != Direction.OUT) {
                throw new JinkuException(RejectCode.WRONG_STATE, "the 回单 of " + key + " does not answer a voucher"
                        + " sent from here (a copy is kept for the record, not answered)");
            }
            VoucherState back = Transitions.next(original.state(), Transitions.Event.RECEIPT_REJECTED, "voucher " + key);
            VoucherState receiptState = step == Ack.Step.RETURNED ? VoucherState.RETURNED : VoucherState.REFUSED;
            if (receipt.state() != VoucherState.ACCEPTED) {
                throw new JinkuException(RejectCode.WRONG_STATE, "the 回单 of " + key + " is " + receipt.state());
            }
            s.updateState(receipt.id(), receiptState, reason);
            events.append(s, receipt.id(), step == Ack.Step.RETURNED ? "RECEIPT_RETURNED" : "RECEIPT_REFUSED", actor,
                    code + ": " + reason);
            s.updateState(original.id(), back, reason);
            s.setDelivery(original.id(), receipt.peer(), DeliveryStatus.ACCEPTED, reason);
            events.append(s, original.id(), "RECEIPT_REJECTED", actor, "回单 " + (step == Ack.Step.RETURNED ? "returned"
                    : "refused") + ", waiting for a corrected one: " + reason);
            recordRejection(s, "receipt:" + actor, key.toString(), new JinkuException(code, reason), receipt.digest());
            enqueueAck(s, receipt.peer(), Ack.of(key, 1, receipt.digest(), step, code, reason));
            return Views.voucher(s, s.find(key, 1).orElseThrow());
        });
        wakeOutbox();
        return view;
    }

    @Override
    public List<VoucherView> versions(VoucherKey key) {
        return store.read(s -> s.versions(key, 0).stream().map(r -> Views.voucher(s, r)).toList());
    }

    @Override
    public Map<String, Object> ledger() {
        PartyAdapter a = adapter;
        return a == null ? Map.of() : a.ledger(this);
    }

    @Override
    public List<String> commands() {
        PartyAdapter a = adapter;
        return a == null ? List.of() : a.commands();
    }

    @Override
    public String runCommand(String command, Map<String, String> args) {
        PartyAdapter a = adapter;
        if (a == null) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "node " + name() + " has no party adapter bound"
                    + " (adapter.target in its configuration)");
        }
        LOG.info("node {}: running adapter command {} {}", name(), command, args);
        return a.command(this, command, args == null ? Map.of() : args);
    }

    /** Runs an operator or adapter action; a refusal is kept with who tried what, then rethrown. */
    private VoucherView recorded(String source, VoucherKey key, java.util.function.Supplier<VoucherView> action) {
        try {
            return action.get();
        } catch (JinkuException e) {
            recordRejection(source, key.toString(), e, null);
            throw e;
        }
    }

    private static String checkReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "a reason is required");
        }
        if (reason.getBytes(java.nio.charset.Charset.forName("GBK")).length > MAX_REASON_BYTES) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "reason exceeds " + MAX_REASON_BYTES + " GBK bytes");
        }
        return reason;
    }

    /** 签收 / 签收失败 / 退回 of a received voucher; repeating the same decision is a no-op. */
    private VoucherView decide(VoucherKey key, String actor, Transitions.Event event, Ack.Step step, String reason,
                               String kind) {
        return decide(key, actor, event, step, reason, kind, step == Ack.Step.RETURNED ? RejectCode.RETURNED
                : RejectCode.BUSINESS_REFUSED);
    }

    private VoucherView decide(VoucherKey key, String actor, Transitions.Event event, Ack.Step step, String reason,
                               String kind, RejectCode code) {
        VoucherView view = store.inTransaction(s -> {
            VoucherRow row = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
            if (row.direction() != Direction.IN) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " was made here, not received");
            }
            VoucherState target = Transitions.next(VoucherState.RECEIVED, event, "a received voucher");
            if (row.state() == target || (target == VoucherState.ACCEPTED && row.state() == VoucherState.REPLIED)) {
                return Views.voucher(s, row);
            }
            s.updateState(row.id(), Transitions.next(row.state(), event, "voucher " + key), reason);
            events.append(s, row.id(), kind, actor, target == VoucherState.ACCEPTED ? null : code + ": " + reason);
            if (target != VoucherState.ACCEPTED) {
                // The business's refusal is a rejection like any other: kept here with its code and reason.
                recordRejection(s, kind.toLowerCase() + ":" + actor, key.toString(), new JinkuException(code, reason),
                        row.digest());
            }
            enqueueAck(s, row.peer(), Ack.of(key, 0, row.digest(), step, target == VoucherState.ACCEPTED ? null : code,
                    reason));
            return Views.voucher(s, s.find(key, 0).orElseThrow());
        });
        wakeOutbox();
        return view;
    }

    @Override
    public VoucherView reply(VoucherKey key, Voucher receipt) {
        return recorded("reply", key, () -> replyWith(key, receipt));
    }

    private VoucherView replyWith(VoucherKey key, Voucher receipt) {
        if (!key.equals(receipt.key())) {
            throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "receipt key " + receipt.key()
                    + " differs from the voucher " + key);
        }
        List<FieldError> errors = catalog.validate(receipt, 1);
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        VoucherType type = catalog.type(key.vtCode()).orElseThrow();
        String body = catalog.toBase64(receipt);
        String digest = digestHex(body);
        VoucherView view = store.inTransaction(s -> {
            VoucherRow original = s.lock(key, 0).orElseThrow(() -> unknown(key, 0));
            if (original.direction() != Direction.IN) {
                throw new JinkuException(RejectCode.WRONG_STATE, "voucher " + key + " was made here; a receipt"
                        + " answers a received voucher");
            }
            // The checks the sender will make, made before signing: a receipt it must refuse is never sent.
            ReceiptCheck.Result result = ReceiptCheck.check(type, catalog.fromBase64(original.bodyBase64()), receipt);
            Optional<VoucherRow> existing = s.lock(key, 1);
            if (existing.isPresent()) {
                return correct(s, existing.get(), type, body, digest, receipt, result);
            }
            VoucherState replied = Transitions.next(original.state(), Transitions.Event.REPLY, "voucher " + key);
            Instant now = Instant.now();
            VoucherRow row = s.insert(new VoucherRow(0, key, 1, Direction.OUT, original.peer(), VoucherState.SIGNED,
                    body, digest, receipt.get("X" + payField(type)), null, now, now, original.version())).orElseThrow();
            List<SignatureRow> sigs = signReceipt(s, row, type, body);
            List<String> destinations = receiptDestinations(type, original.peer());
            for (String d : destinations) {
                s.setDelivery(row.id(), d, DeliveryStatus.RECEIPT_NOT_SENT, null);
                enqueueEnvelope(s, row, sigs, d);
            }
            events.append(s, row.id(), "RECEIPT_SIGNED", "system", "receipt signed at "
                    + sigs.stream().map(SignatureRow::position).toList() + ", in outbox for " + destinations + "; "
                    + result.describe());
            s.updateState(original.id(), replied, null);
            events.append(s, original.id(), "REPLIED", "system", "receipt: " + result.describe());
            return Views.voucher(s, row);
        });
        wakeOutbox();
        return view;
    }

    /**
     * A receipt already exists. While the sender has not refused it, the same content is a repeated call
     * and other content is refused (WRONG_STATE). Once the sender refused it (接收失败 or 签收失败), a call
     * corrects it — or, unchanged, sends it again once the sender fixed its side — signed anew.
     */
    private VoucherView correct(VoucherStore.Session s, VoucherRow existing, VoucherType type, String body,
                                String digest, Voucher receipt, ReceiptCheck.Result result) {
        if (existing.digest().equals(digest)
                && Transitions.nextIfAllowed(existing.state(), Transitions.Event.CORRECT).isEmpty()) {
            return Views.voucher(s, existing); // a repeated call; a refused receipt is sent again even unchanged
        }
        VoucherState next = Transitions.next(existing.state(), Transitions.Event.CORRECT, "the receipt of "
                + existing.key());
        s.replaceContent(existing.id(), body, digest, receipt.get("X" + payField(type)));
        s.removeSignatures(existing.id());
        VoucherRow row = s.find(existing.key(), 1).orElseThrow();
        List<SignatureRow> sigs = signReceipt(s, row, type, body);
        for (String d : receiptDestinations(type, row.peer())) {
            DeliveryStatus current = deliveryTo(s, row, d);
            if (Transitions.allowed(current, DeliveryStatus.RECEIPT_NOT_SENT)) {
                s.setDelivery(row.id(), d, DeliveryStatus.RECEIPT_NOT_SENT, null);
            }
            enqueueEnvelope(s, row, sigs, d);
        }
        s.updateState(row.id(), next, null);
        events.append(s, row.id(), "RECEIPT_CORRECTED", "system", "receipt replaced (was SM3 " + existing.digest()
                + ", refused by " + row.peer() + ": " + existing.reason() + "); signed again; " + result.describe());
        return Views.voucher(s, s.find(existing.key(), 1).orElseThrow());
    }

    /**
     * Where a receipt goes: back to the voucher's sender, and a copy to every peer of the roles the type
     * names (e.g. the PBoC's 划款 回单 to finance too). A site without such a peer sends no copy.
     */
    private List<String> receiptDestinations(VoucherType type, String sender) {
        List<String> out = new ArrayList<>(List.of(sender));
        for (PartyRole r : type.receiptCopyTo()) {
            for (String p : settings.peersOf(r)) {
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Receipts are signed by the organisation (its e-seal), stamped with its seal at the positions configured for
     * the type; personal receipt positions need a person.
     */
    private List<SignatureRow> signReceipt(VoucherStore.Session s, VoucherRow row, VoucherType type, String body) {
        List<SignatureRow> sigs = new ArrayList<>();
        List<String> stampAt = settings.stampPositions(type.vtCode());
        for (StampPosition p : type.receiptPositions()) {
            if (!p.organisation()) {
                throw new JinkuException(RejectCode.NOT_AUTHORIZED, "receipt position " + p.no()
                        + " needs a personal signature; automatic receipts sign organisation positions only");
            }
            SignatureRow sig = signatureRow(row.id(), sigs.size() + 1, p, "org", settings.orgAlias(),
                    settings.orgPinChars(), body, row.peer());
            s.addSignature(sig);
            sigs.add(sig);
            if (stampAt.contains(p.no())) {
                SignatureRow stamp = stampRow(row.id(), sigs.size() + 1, p.no(), "org", settings.orgAlias(),
                        settings.orgPinChars(), body, receiptDestinations(type, row.peer()));
                s.addSignature(stamp);
                sigs.add(stamp);
            }
        }
        return sigs;
    }

    // ------------------------------------------------------------------ Node: queries

    @Override
    public Optional<VoucherView> find(VoucherKey key, int voucherFlag) {
        return store.read(s -> s.find(key, voucherFlag).map(r -> Views.voucher(s, r)));
    }

    @Override
    public Optional<Voucher> content(VoucherKey key, int voucherFlag) {
        return store.read(s -> s.find(key, voucherFlag)).map(r -> catalog.fromBase64(r.bodyBase64()));
    }

    @Override
    public List<EventView> history(VoucherKey key) {
        return store.read(s -> {
            List<EventView> out = new ArrayList<>();
            for (int flag = 0; flag <= 1; flag++) {
                int f = flag;
                s.find(key, flag).ifPresent(r -> s.events(r.id()).forEach(e -> out.add(Views.event(f, e))));
            }
            out.sort(Comparator.comparing(EventView::at).thenComparing(EventView::voucherFlag)
                    .thenComparing(EventView::seq));
            return out;
        });
    }

    @Override
    public boolean historyIntact(VoucherKey key) {
        // Locked, so that no event is appended between reading the chain and reading its signed head.
        return store.inTransaction(s -> {
            for (int flag = 0; flag <= 1; flag++) {
                Optional<VoucherRow> r = s.lock(key, flag);
                if (r.isPresent() && !events.verify(r.get().id(), s.events(r.get().id()), s.historyHead(r.get().id()))) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public List<VoucherView> list(int limit) {
        return store.read(s -> s.list(limit).stream().map(r -> Views.voucher(s, r)).toList());
    }

    @Override
    public Map<DeliveryStatus, Long> statusCounts() {
        return store.read(VoucherStore.Session::statusCounts);
    }

    @Override
    public List<RejectionView> rejections(int limit) {
        return store.read(s -> s.rejections(limit).stream().map(Views::rejection).toList());
    }

    @Override
    public List<org.jinku.api.ParkedMessage> parked(int limit) {
        return endpoint.parked(limit);
    }

    @Override
    public void retryParked(String id, String actor) {
        if (!endpoint.retryParked(id)) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no parked message " + id + " at node " + name());
        }
        LOG.info("node {}: parked message {} put back in the inbox by {}", name(), id, actor);
    }

    @Override
    public void discardParked(String id, String actor) {
        org.jinku.api.ParkedMessage p = endpoint.discardParked(id).orElseThrow(() -> new JinkuException(
                RejectCode.UNKNOWN_VOUCHER, "no parked message " + id + " at node " + name()));
        recordRejection("discard:" + actor, p.messageId(), new JinkuException(RejectCode.INVALID_MESSAGE,
                "parked message " + id + " (" + p.type() + " from " + p.from() + ", " + p.deliveries()
                        + " deliveries) discarded by " + actor + "; last failure: " + p.reason()), null);
    }

    // ------------------------------------------------------------------ Node: certificates, revocation, seals

    @Override
    public List<CertificateView> certificates() {
        List<CertificateView> out = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        holders.add("org");
        holders.addAll(settings.users().keySet());
        Instant now = Instant.now();
        for (String holder : holders) {
            String alias = holder.equals("org") ? settings.orgAlias() : settings.userAlias(holder);
            crypto.credential(alias).ifPresent(c -> {
                java.security.cert.X509Certificate cert = c.certificate();
                long days = java.time.Duration.between(now, cert.getNotAfter().toInstant()).toDays();
                boolean revoked = revocations.isRevoked(cert);
                String warning = revoked ? "revoked: renew it (jinku:ca-renew: a new key and certificate)"
                        : days < 0 ? "expired " + -days + " days ago: renew it (jinku:ca-renew)"
                        : days <= settings.expiryWarningDays() ? "expires in " + days + " days: renew it (jinku:ca-renew)"
                        : null;
                out.add(new CertificateView(holder, alias, c.serialHex(), c.subject(), cert.getNotAfter().toInstant(),
                        days, revoked, warning));
            });
        }
        return out;
    }

    @Override
    public IssuedCertificate reportLost(String holder, String actor) {
        CertificateAuthority authority = ca;
        if (authority == null) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no certificate authority is bound to node " + name()
                    + "; report the loss to the issuing CA and import its CRL");
        }
        if (actor == null || actor.isBlank()) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "a loss report (挂失) names who reports it");
        }
        String alias = "org".equals(holder) ? settings.orgAlias() : settings.userAlias(holder);
        Credential c = crypto.credential(alias).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_CERTIFICATE,
                "node " + name() + " has no key container " + alias));
        IssuedCertificate revoked = authority.revoke(c.certificate().getSerialNumber(), "keyCompromise", actor);
        LOG.warn("node {}: key of {} reported lost (挂失) by {}: certificate {} revoked", name(), holder, actor,
                revoked.serialHex());
        publishCrl(actor);
        return revoked;
    }

    @Override
    public void publishCrl(String actor) {
        CertificateAuthority authority = ca;
        if (authority == null) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "no certificate authority is bound to node " + name());
        }
        byte[] crl = authority.crl();
        java.math.BigInteger number = revocations.accept(crl, name() + " (own CA)").number();
        store.inTransaction(s -> {
            for (String peer : allPeers()) {
                s.enqueue(new OutboxRow(0, peer, CRL, "CRL:" + number + ":" + Instant.now().toEpochMilli(), Map.of(),
                        crl, 0, Instant.now()));
            }
            return null;
        });
        wakeOutbox();
        LOG.info("node {}: CRL sent to {} by {}", name(), allPeers(), actor);
    }

    /** Message type of a CRL travelling between nodes; the CA's signature on it is what makes it count. */
    static final String CRL = "CRL";

    @Override
    public Map<String, String> crls() {
        return revocations.describe();
    }

    /** CRL to every peer on start and every {@code crl.interval.minutes}; expiry warnings once a day. */
    private void startTrustTimer() {
        trustTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jinku-trust-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        trustTimer.scheduleWithFixedDelay(() -> {
            try {
                if (ca != null) {
                    publishCrl("system");
                }
            } catch (RuntimeException e) {
                LOG.warn("node {}: CRL exchange failed, next try in {} min: {}", name(), settings.crlIntervalMinutes(),
                        e.toString());
            }
        }, 2, Math.max(1, settings.crlIntervalMinutes()) * 60L, TimeUnit.SECONDS);
        trustTimer.scheduleWithFixedDelay(() -> {
            try {
                for (CertificateView c : certificates()) {
                    if (c.warning() != null) {
                        LOG.warn("node {}: certificate of {} (SN {}) {}", name(), c.holder(), c.serialHex(), c.warning());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("node {}: certificate check failed: {}", name(), e.toString());
            }
        }, 5, 24 * 3600, TimeUnit.SECONDS);
    }

    @Override
    public List<SealView> seals() {
        return sealDesk.seals();
    }

    @Override
    public SealView applySeal(String name, String position, byte[] png, String actor) {
        return sealDesk.apply(name, position, png, actor, null);
    }

    @Override
    public SealView approveSeal(String sealId, String actor) {
        return sealDesk.approve(sealId, actor);
    }

    @Override
    public SealView makeSeal(String sealId, String actor) {
        return sealDesk.make(sealId, actor);
    }

    @Override
    public SealView registerSeal(String sealId, String actor) {
        return sealDesk.register(sealId, actor);
    }

    @Override
    public SealView changeSeal(String sealId, byte[] png, String actor) {
        return sealDesk.change(sealId, png, actor);
    }

    @Override
    public SealView revokeSeal(String sealId, String actor, String reason) {
        return sealDesk.revoke(sealId, actor, reason);
    }

    // ------------------------------------------------------------------ shared helpers

    /** After a commit that queued messages: send them now rather than at the next poll. */
    void wakeOutbox() {
        Outbox o = outbox;
        if (o != null) {
            store.afterCommit(o::wake);
        }
    }

    void enqueueAck(VoucherStore.Session s, String peer, Ack ack) {
        byte[] body = ack.toJson();
        String signature = Base64.getEncoder().encodeToString(crypto.sign(settings.orgAlias(), settings.orgPinChars(),
                body, settings.profile(peer)));
        s.enqueue(new OutboxRow(0, peer, Ack.TYPE, ack.ref() + "/" + ack.step(), Map.of("signature", signature), body,
                0, Instant.now()));
    }

    void recordRejection(String source, String key, JinkuException e, String payloadDigest) {
        store.inTransaction(s -> {
            recordRejection(s, source, key, e, payloadDigest);
            return null;
        });
    }

    /** Inside the caller's transaction, so a refusal and its answer are written together. */
    void recordRejection(VoucherStore.Session s, String source, String key, JinkuException e, String payloadDigest) {
        LOG.info("node {}: refused {} from {}: {} {}", name(), key, source, e.code(), e.getMessage());
        s.recordRejection(new RejectionRow(0, Instant.now(), source, key, e.code(), e.getMessage(), payloadDigest));
    }

    /** Runs an adapter callback after commit, off the transport thread; failures are logged, never lost silently. */
    void notifyAdapter(String what, java.util.function.Consumer<PartyAdapter> call) {
        PartyAdapter a = adapter;
        ExecutorService ex = adapterCalls;
        if (a == null || ex == null) {
            return;
        }
        store.afterCommit(() -> ex.execute(() -> {
            try {
                call.accept(a);
            } catch (RuntimeException e) {
                LOG.warn("node {}: adapter {} failed on {}: {}", name(), a.id(), what, e.toString());
            }
        }));
    }

    /** After a restart, hands the adapter again what it had not finished (its calls are idempotent). */
    private void resumePending() {
        List<VoucherRow> pending = store.read(s -> {
            List<VoucherRow> rows = new ArrayList<>(s.inState(Direction.IN, VoucherState.RECEIVED, 10_000));
            rows.addAll(s.inState(Direction.IN, VoucherState.ACCEPTED, 10_000));
            return rows.stream().filter(r -> r.voucherFlag() == 0).toList();
        });
        for (VoucherRow r : pending) {
            notifyReceived(r.key());
        }
        if (!pending.isEmpty()) {
            LOG.info("node {}: resumed {} received voucher(s) with the adapter", name(), pending.size());
        }
    }

    void notifyReceived(VoucherKey key) {
        notifyAdapter("voucherReceived " + key, a -> find(key, 0).ifPresent(v ->
                a.voucherReceived(this, v, content(key, 0).orElseThrow())));
    }

    String digestHex(String base64) {
        return digestHex(base64.getBytes(StandardCharsets.US_ASCII));
    }

    String digestHex(byte[] data) {
        return HexFormat.of().formatHex(crypto.digest(data));
    }

    static String payField(VoucherType type) {
        return type.sumField() == null ? "PayAmt" : type.sumField();
    }

    static JinkuException unknown(VoucherKey key, int flag) {
        return new JinkuException(RejectCode.UNKNOWN_VOUCHER, (flag == 0 ? "voucher " : "receipt of ") + key
                + " is not stored here");
    }

    // For tests outside OSGi.
    void bind(VoucherCatalog c, VoucherStoreFactory f, CryptoProvider cp, PeerTransport t, PartyAdapter a) {
        catalog = c;
        storeFactory = f;
        crypto = cp;
        transport = t;
        adapter = a;
    }
}
