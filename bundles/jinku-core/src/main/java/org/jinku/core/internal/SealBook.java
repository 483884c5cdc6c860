package org.jinku.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jinku.api.SealState;
import org.jinku.api.SealView;

/**
 * The e-seals (电子印章) of a node: its party's own seals with their lifecycle and registrations, and the seals its
 * peers registered (备案) here. Seals are few and change rarely, so they live in one JSON file in the node's
 * directory, replaced atomically on every change, rather than in the voucher store's tables.
 */
final class SealBook {

    /** One of this party's seals (times as ISO-8601 text). {@code registrations}: peer → SENT | ACKNOWLEDGED | REFUSED: reason | REVOKED. */
    record Own(String sealId, String name, String position, String owner, SealState state, int version,
               String appliedBy, String approvedBy, String madeBy, String validEnd, String replaces, String pngBase64,
               String sealBase64, Map<String, String> registrations, List<String> history) {

        Own with(SealState next, String line, UnaryOperator<Own> change) {
            Own o = change.apply(this);
            List<String> h = new ArrayList<>(o.history());
            h.add(Instant.now() + " " + line);
            return new Own(o.sealId, o.name, o.position, o.owner, next, o.version, o.appliedBy, o.approvedBy, o.madeBy,
                    o.validEnd, o.replaces, o.pngBase64, o.sealBase64, o.registrations, h);
        }

        Own withRegistrations(Map<String, String> regs) {
            return new Own(sealId, name, position, owner, state, version, appliedBy, approvedBy, madeBy, validEnd,
                    replaces, pngBase64, sealBase64, regs, history);
        }

        SealView view() {
            return new SealView(sealId, name, position, owner, state, version, appliedBy, approvedBy, madeBy,
                    validEnd == null ? null : Instant.parse(validEnd), replaces, registrations, history, sealBase64);
        }
    }

    /** A seal a peer registered here; {@code state}: REGISTERED, CHANGED or REVOKED. */
    record Registered(String peer, String sealId, String position, String state, String sealBase64, String at,
                      String reason) {
    }

    record Contents(List<Own> own, List<Registered> registered) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private Contents contents;

    SealBook(Path file) {
        this.file = file;
        try {
            contents = Files.exists(file) ? JSON.readValue(file.toFile(), Contents.class)
                    : new Contents(List.of(), List.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the seal book " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized List<Own> own() {
        return contents.own();
    }

    synchronized Optional<Own> own(String sealId) {
        return contents.own().stream().filter(o -> o.sealId().equals(sealId)).findFirst();
    }

    synchronized void put(Own seal) {
        List<Own> list = new ArrayList<>(contents.own());
        list.removeIf(o -> o.sealId().equals(seal.sealId()));
        list.add(seal);
        save(new Contents(list, contents.registered()));
    }

    synchronized Optional<Registered> registered(String peer, String sealId) {
        return contents.registered().stream().filter(r -> r.peer().equals(peer) && r.sealId().equals(sealId)).findFirst();
    }

    synchronized List<Registered> registered() {
        return contents.registered();
    }

    synchronized void put(Registered r) {
        List<Registered> list = new ArrayList<>(contents.registered());
        list.removeIf(x -> x.peer().equals(r.peer()) && x.sealId().equals(r.sealId()));
        list.add(r);
        save(new Contents(contents.own(), list));
    }

    static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(map);
        out.put(key, value);
        return out;
    }

    private void save(Contents next) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), next);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            contents = next;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the seal book " + file + ": " + e.getMessage(), e);
        }
    }
}
