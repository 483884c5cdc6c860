package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SealState;
import org.jinku.api.SealView;
import org.jinku.api.spi.VoucherStore;
import org.jinku.eseal.ESeals;
import org.jinku.eseal.RawSigner;
import org.jinku.eseal.RawVerifier;
import org.jinku.eseal.SealImages;
import org.jinku.eseal.SealSpec;
import org.jinku.eseal.Stamp;

/**
 * A party's e-seals (电子印章): their lifecycle (apply → approve → make → active → changed → revoked, with four
 * eyes between applying and approving), their registration (备案) with every peer before first use, stamping, and
 * the receiving side: registrations peers send here and the check of every stamp on what arrives.
 * <p>
 * Registration travels as a {@code SEAL} message (JSON, signed by the organisation key) answered by a signed
 * {@code SEAL_ACK}. A seal is made by the party's organisation key (the seal maker's certificate in the SESeal) and
 * stamps are signed by whoever signs the position: the operator (their PIN) or the organisation for 回单.
 */
final class SealDesk {

    static final String SEAL = "SEAL";
    static final String SEAL_ACK = "SEAL_ACK";
    private static final Logger LOG = LoggerFactory.getLogger(SealDesk.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GB/T 38540 seal type of an official seal (公章); Jinku's positions are all organisation seals. */
    private static final int TYPE_OFFICIAL = 1;

    private final NodeEngine node;
    private final SealBook book;

    SealDesk(NodeEngine node, SealBook book) {
        this.node = node;
        this.book = book;
    }

    List<SealView> seals() {
        return book.own().stream().map(SealBook.Own::view).toList();
    }

    // ------------------------------------------------------------------ lifecycle

    synchronized SealView apply(String name, String position, byte[] png, String actor, String replaces) {
        requireActor(actor);
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "a seal needs a name of 1-64 characters");
        }
        if (position == null || !position.matches("(cz|rh|dw|yh)_[a-z0-9]{1,16}")) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "stamp position '" + position
                    + "' is not cz_*, rh_*, dw_* or yh_* (finance, PBoC, budget unit, agent bank)");
        }
        String prefix = node.role().stampPrefix() + "_";
        if (!position.startsWith(prefix)) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "node " + node.name() + " is " + node.role()
                    + "; its seals go at " + prefix + "* positions, not " + position);
        }
        byte[] image = png == null || png.length == 0 ? SealImages.round(node.name() + " " + name, 240) : png;
        if (image.length < 8 || image[0] != (byte) 0x89 || image[1] != 'P' || image[2] != 'N' || image[3] != 'G') {
            throw new JinkuException(RejectCode.INVALID_FIELD, "a seal image must be a PNG");
        }
        if (image.length > 256 * 1024) {
            throw new JinkuException(RejectCode.OVERSIZED, "a seal image is at most 256 KB, this one is "
                    + image.length / 1024 + " KB");
        }
        int n = book.own().size() + 1;
        String id = node.name() + "-" + position + "-" + n;
        SealBook.Own seal = new SealBook.Own(id, name, position, node.name(), SealState.APPLIED, 1, actor, null, null,
                null, replaces, Base64.getEncoder().encodeToString(image), null, Map.of(), List.of());
        seal = seal.with(SealState.APPLIED, "APPLIED by " + actor + (replaces == null ? "" : " to replace " + replaces),
                o -> o);
        book.put(seal);
        LOG.info("node {}: seal {} ({} at {}) applied for by {}", node.name(), id, name, position, actor);
        return seal.view();
    }

    synchronized SealView approve(String sealId, String actor) {
        requireActor(actor);
        SealBook.Own seal = require(sealId, SealState.APPLIED, "approved");
        if (seal.appliedBy().equals(actor)) {
            throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, "seal " + sealId + " was applied for by " + actor
                    + "; another person must approve it (four eyes)");
        }
        SealBook.Own next = seal.with(SealState.APPROVED, "APPROVED by " + actor, o -> copy(o, actor, null, null, null));
        book.put(next);
        return next.view();
    }

    synchronized SealView make(String sealId, String actor) {
        requireActor(actor);
        SealBook.Own seal = require(sealId, SealState.APPROVED, "made");
        Credential org = node.crypto().credential(node.settings().orgAlias()).orElseThrow();
        Instant now = Instant.now();
        // A seal is valid no longer than the certificate that vouches for it.
        Instant end = org.certificate().getNotAfter().toInstant();
        byte[] der = ESeals.makeSeal(new SealSpec(sealId, TYPE_OFFICIAL, seal.name(),
                Base64.getDecoder().decode(seal.pngBase64()), 40, 40, now, end, List.of()), orgSigner(org));
        SealBook.Own next = seal.with(SealState.MADE, "MADE by " + actor + " (GB/T 38540 SESeal, maker "
                + org.subject() + ", valid to " + end + ")", o -> copy(o, null, actor,
                Base64.getEncoder().encodeToString(der), end.toString()));
        book.put(next);
        return next.view();
    }

    /** Sends the seal to every peer; it becomes ACTIVE when all acknowledged. */
    SealView register(String sealId, String actor) {
        requireActor(actor);
        SealBook.Own seal;
        synchronized (this) {
            seal = book.own(sealId).orElseThrow(() -> unknown(sealId));
            if (seal.state() != SealState.MADE && seal.state() != SealState.ACTIVE) {
                throw new JinkuException(RejectCode.WRONG_STATE, "seal " + sealId + " is " + seal.state()
                        + "; only a made seal is registered (备案) with the peers");
            }
            Map<String, String> regs = new LinkedHashMap<>(seal.registrations());
            for (String peer : node.allPeers()) {
                if (!"ACKNOWLEDGED".equals(regs.get(peer))) {
                    regs.put(peer, "SENT");
                }
            }
            SealBook.Own next = seal.with(seal.state(), "REGISTRATION sent by " + actor + " to " + regs.keySet(),
                    o -> o.withRegistrations(regs));
            book.put(next);
            seal = next;
        }
        SealBook.Own s = seal;
        node.store().inTransaction(tx -> {
            for (Map.Entry<String, String> r : s.registrations().entrySet()) {
                if ("SENT".equals(r.getValue())) {
                    send(tx, r.getKey(), "REGISTER", s, null);
                }
            }
            return null;
        });
        node.wakeOutbox();
        return s.view();
    }

    SealView change(String sealId, byte[] png, String actor) {
        SealBook.Own old = book.own(sealId).orElseThrow(() -> unknown(sealId));
        if (old.state() != SealState.ACTIVE && old.state() != SealState.MADE) {
            throw new JinkuException(RejectCode.WRONG_STATE, "seal " + sealId + " is " + old.state()
                    + "; only a made or active seal is changed (变更)");
        }
        return apply(old.name(), old.position(), png, actor, sealId);
    }

    SealView revoke(String sealId, String actor, String reason) {
        requireActor(actor);
        SealBook.Own seal;
        synchronized (this) {
            seal = book.own(sealId).orElseThrow(() -> unknown(sealId));
            if (seal.state() == SealState.REVOKED) {
                return seal.view();
            }
            seal = seal.with(SealState.REVOKED, "REVOKED by " + actor + ": " + reason, o -> o);
            book.put(seal);
        }
        notifyPeers(seal, "REVOKE", reason);
        return seal.view();
    }

    private void notifyPeers(SealBook.Own seal, String action, String reason) {
        if (seal.sealBase64() == null) {
            return;
        }
        node.store().inTransaction(tx -> {
            for (String peer : seal.registrations().keySet()) {
                send(tx, peer, action, seal, reason);
            }
            return null;
        });
        node.wakeOutbox();
    }

    private void send(VoucherStore.Session tx, String peer, String action, SealBook.Own seal, String reason) {
        ObjectNode body = JSON.createObjectNode().put("action", action).put("sealId", seal.sealId())
                .put("position", seal.position()).put("seal", seal.sealBase64());
        if (reason != null) {
            body.put("reason", reason);
        }
        enqueueSigned(tx, peer, SEAL, seal.sealId() + "/" + action + "/" + Instant.now().toEpochMilli(), body);
    }

    private void enqueueSigned(VoucherStore.Session tx, String peer, String type, String id, ObjectNode json) {
        SignedMessages.enqueue(node, tx, peer, type, id, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ stamping

    /**
     * The stamp (SES_Signature) of this party's active seal for {@code position} over {@code bodyBase64}, signed
     * by {@code alias}; every destination must have acknowledged the seal's registration.
     */
    String stamp(String position, String bodyBase64, List<String> destinations, String alias, char[] pin) {
        SealBook.Own seal = book.own().stream()
                .filter(o -> o.position().equals(position) && o.state() == SealState.ACTIVE)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new JinkuException(RejectCode.SEAL_UNREGISTERED, "node " + node.name()
                        + " has no active seal for stamp position " + position + " (apply, approve, make and register"
                        + " one: jinku:seal-*)"));
        for (String d : destinations) {
            if (!"ACKNOWLEDGED".equals(seal.registrations().get(d))) {
                throw new JinkuException(RejectCode.SEAL_UNREGISTERED, "seal " + seal.sealId() + " for " + position
                        + " is not registered (备案) with " + d + " (" + seal.registrations().getOrDefault(d, "never sent")
                        + "); register it and wait for the acknowledgement before stamping for " + d);
            }
        }
        Credential signer = node.crypto().credential(alias).orElseThrow(() -> new JinkuException(
                RejectCode.NOT_AUTHORIZED, "no key container " + alias));
        byte[] der = ESeals.stamp(Base64.getDecoder().decode(seal.sealBase64()),
                bodyBase64.getBytes(StandardCharsets.US_ASCII), position, new RawSigner() {
                    @Override
                    public X509Certificate certificate() {
                        return signer.certificate();
                    }

                    @Override
                    public byte[] sign(byte[] tbs) {
                        return node.crypto().signRaw(alias, pin, tbs, CryptoProfile.DEFAULT);
                    }
                }, Instant.now());
        return Base64.getEncoder().encodeToString(der);
    }

    // ------------------------------------------------------------------ receiving

    /** Checks one stamp that arrived from {@code peer}; returns the parsed stamp. */
    Stamp verifyStamp(Peers.Peer peer, String position, String sesBase64, String bodyBase64, String what) {
        Stamp stamp;
        try {
            stamp = ESeals.parseStamp(Base64.getMimeDecoder().decode(sesBase64));
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SEAL, what + " is not base64");
        }
        String sealId = stamp.seal().esId();
        SealBook.Registered reg = book.registered(peer.address(), sealId).orElseThrow(() -> new JinkuException(
                RejectCode.SEAL_UNREGISTERED, what + " uses seal " + sealId + ", which " + peer.address()
                + " never registered (备案) here; a seal is registered with the receiver before its first use"));
        if (!"REGISTERED".equals(reg.state())) {
            throw new JinkuException(RejectCode.SEAL_REVOKED, what + " uses seal " + sealId + ", which "
                    + peer.address() + " " + reg.state().toLowerCase() + " at " + reg.at()
                    + (reg.reason() == null ? "" : " (" + reg.reason() + ")"));
        }
        if (!stamp.propertyInfo().equals(position) || !reg.position().equals(position)) {
            throw new JinkuException(RejectCode.BAD_SEAL, what + ": the stamp says position '" + stamp.propertyInfo()
                    + "' and seal " + sealId + " is registered for " + reg.position());
        }
        if (!java.util.Arrays.equals(stamp.seal().der(), Base64.getDecoder().decode(reg.sealBase64()))) {
            throw new JinkuException(RejectCode.BAD_SEAL, what + " carries a seal " + sealId
                    + " other than the one registered here");
        }
        ESeals.verifyStamp(stamp, bodyBase64.getBytes(StandardCharsets.US_ASCII), verifier(what), Instant.now());
        node.peers().requireBelongs(peer, stamp.signer(), what + " signer");
        return stamp;
    }

    /** A SEAL message from a peer: a registration, change or revocation of one of its seals. */
    void onSeal(VoucherStore.Session tx, Peers.Peer peer, byte[] body, String signature) {
        verifySigned(peer, body, signature, "seal registration");
        JsonNode json = read(body);
        String action = json.path("action").asText();
        String sealId = json.path("sealId").asText();
        String status = "ACKNOWLEDGED";
        String reason = null;
        try {
            byte[] der = Base64.getDecoder().decode(json.path("seal").asText());
            org.jinku.eseal.Seal seal = ESeals.parseSeal(der);
            if (!seal.esId().equals(sealId)) {
                throw new JinkuException(RejectCode.BAD_SEAL, "message names seal " + sealId + " but carries "
                        + seal.esId());
            }
            String position = json.path("position").asText();
            switch (action) {
                case "REGISTER" -> {
                    ESeals.verifySeal(seal, verifier("seal " + sealId), Instant.now());
                    node.peers().requireOrganisation(peer, seal.maker(), "the maker of seal " + sealId);
                    if (!position.startsWith(peer.role().stampPrefix() + "_")) {
                        throw new JinkuException(RejectCode.BAD_SEAL, "seal " + sealId + " of " + peer.address()
                                + " (" + peer.role() + ") is for position " + position + ", not one of its own");
                    }
                    book.put(new SealBook.Registered(peer.address(), sealId, position, "REGISTERED",
                            Base64.getEncoder().encodeToString(der), Instant.now().toString(), null));
                    LOG.info("node {}: seal {} of {} for {} registered (备案)", node.name(), sealId, peer.address(),
                            position);
                }
                case "REVOKE", "CHANGED" -> {
                    SealBook.Registered r = book.registered(peer.address(), sealId).orElseThrow(() ->
                            new JinkuException(RejectCode.SEAL_UNREGISTERED, "seal " + sealId + " was never registered here"));
                    book.put(new SealBook.Registered(r.peer(), r.sealId(), r.position(),
                            action.equals("REVOKE") ? "REVOKED" : "CHANGED", r.sealBase64(), Instant.now().toString(),
                            json.path("reason").asText(null)));
                    LOG.info("node {}: seal {} of {} is {}", node.name(), sealId, peer.address(), action);
                }
                default -> throw new JinkuException(RejectCode.INVALID_MESSAGE, "unknown seal action '" + action + "'");
            }
        } catch (JinkuException e) {
            status = "REFUSED";
            reason = e.code() + ": " + e.getMessage();
            node.recordRejection(tx, peer.address(), "seal:" + sealId, e, null);
        } catch (IllegalArgumentException e) {
            status = "REFUSED";
            reason = "seal is not base64";
        }
        ObjectNode ack = JSON.createObjectNode().put("sealId", sealId).put("action", action).put("status", status);
        if (reason != null) {
            ack.put("reason", reason);
        }
        enqueueSigned(tx, peer.address(), SEAL_ACK, sealId + "/" + action + "/" + Instant.now().toEpochMilli(), ack);
        node.wakeOutbox();
    }

    /** A SEAL_ACK from a peer: our seal's registration acknowledged (or refused) there. */
    synchronized void onSealAck(Peers.Peer peer, byte[] body, String signature) {
        verifySigned(peer, body, signature, "seal acknowledgement");
        JsonNode json = read(body);
        String sealId = json.path("sealId").asText();
        SealBook.Own seal = book.own(sealId).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_VOUCHER,
                "acknowledgement of seal " + sealId + ", which is none of ours"));
        if (!"REGISTER".equals(json.path("action").asText())) {
            return;
        }
        String status = json.path("status").asText();
        String value = "ACKNOWLEDGED".equals(status) ? status : "REFUSED: " + json.path("reason").asText("?");
        Map<String, String> regs = SealBook.with(seal.registrations(), peer.address(), value);
        // Active from the first acknowledgement; it stamps only for the peers that acknowledged it.
        SealState next = seal.state() == SealState.MADE && "ACKNOWLEDGED".equals(value) ? SealState.ACTIVE
                : seal.state();
        SealBook.Own updated = seal.with(next, peer.address() + " " + value + (next != seal.state() ? "; ACTIVE" : ""),
                o -> o.withRegistrations(regs));
        book.put(updated);
        if (next == SealState.ACTIVE && seal.state() != SealState.ACTIVE && seal.replaces() != null) {
            book.own(seal.replaces()).filter(o -> !o.state().isFinal()).ifPresent(old -> {
                SealBook.Own changed = old.with(SealState.CHANGED, "CHANGED: replaced by " + sealId, o -> o);
                book.put(changed);
                notifyPeers(changed, "CHANGED", "replaced by " + sealId);
            });
        }
    }

    // ------------------------------------------------------------------ helpers

    private void verifySigned(Peers.Peer peer, byte[] body, String signature, String what) {
        SignedMessages.verify(node, peer, body, signature, what);
    }

    private RawVerifier verifier(String what) {
        return (cert, tbs, signature) -> {
            node.crypto().verifyRaw(cert, tbs, signature, CryptoProfile.DEFAULT);
            node.crypto().trust(cert);
            node.revocations().check(cert, what);
        };
    }

    private RawSigner orgSigner(Credential org) {
        return new RawSigner() {
            @Override
            public X509Certificate certificate() {
                return org.certificate();
            }

            @Override
            public byte[] sign(byte[] tbs) {
                return node.crypto().signRaw(org.alias(), node.settings().orgPinChars(), tbs, CryptoProfile.DEFAULT);
            }
        };
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new JinkuException(RejectCode.MALFORMED_JSON, "seal message is not JSON: " + e.getMessage());
        }
    }

    private SealBook.Own require(String sealId, SealState state, String verb) {
        SealBook.Own seal = book.own(sealId).orElseThrow(() -> unknown(sealId));
        if (seal.state() != state) {
            throw new JinkuException(RejectCode.WRONG_STATE, "seal " + sealId + " is " + seal.state() + "; only a"
                    + (state == SealState.APPLIED ? "n " : " ") + state + " seal is " + verb);
        }
        return seal;
    }

    private static SealBook.Own copy(SealBook.Own o, String approvedBy, String madeBy, String sealBase64,
                                     String validEnd) {
        return new SealBook.Own(o.sealId(), o.name(), o.position(), o.owner(), o.state(), o.version(), o.appliedBy(),
                approvedBy == null ? o.approvedBy() : approvedBy, madeBy == null ? o.madeBy() : madeBy,
                validEnd == null ? o.validEnd() : validEnd, o.replaces(), o.pngBase64(),
                sealBase64 == null ? o.sealBase64() : sealBase64, o.registrations(), o.history());
    }

    private JinkuException unknown(String sealId) {
        return new JinkuException(RejectCode.UNKNOWN_VOUCHER, "node " + node.name() + " has no seal " + sealId);
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "every seal action names who does it");
        }
    }
}
