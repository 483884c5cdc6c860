package org.jinku.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jinku.api.DataBlock;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * Attachments (附件) between parties outside any voucher: the deployed library's "green channel" ({@code sendData}
 * / {@code getData}). Each travels as a signed {@code DATA} message; the receiver keeps it as a file in its node
 * directory ({@code data-in/}) until its host takes it, then moves it to {@code data-in/taken/}. Files, not the
 * voucher store: attachments are blobs of up to 3 MB that are read once, and a file per block keeps them out of
 * the voucher tables that reconciliation and retention scan.
 */
final class DataChannel {

    static final String TYPE = "DATA";
    private static final Logger LOG = LoggerFactory.getLogger(DataChannel.class);

    private final NodeEngine node;
    private final Path inbox;
    private final Path taken;

    DataChannel(NodeEngine node, Path nodeDir) {
        this.node = node;
        this.inbox = nodeDir.resolve("data-in");
        this.taken = inbox.resolve("taken");
    }

    void send(String peer, byte[] data, String actor) {
        if (node.peers().byAddress(peer).isEmpty()) {
            throw new JinkuException(RejectCode.UNKNOWN_PEER, peer + " is not a peer of node " + node.name());
        }
        if (data == null || data.length == 0) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "an attachment needs at least one byte");
        }
        if (data.length > DataBlock.MAX_BYTES) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "an attachment block is at most " + DataBlock.MAX_BYTES
                    + " bytes (3 MB); this one has " + data.length + ": split it");
        }
        String id = Instant.now().toEpochMilli() + "-" + node.digestHex(data).substring(0, 16);
        node.store().inTransaction(s -> {
            SignedMessages.enqueue(node, s, peer, TYPE, id, data);
            return null;
        });
        node.wakeOutbox();
        LOG.info("node {}: attachment {} ({} bytes) to {} by {}", node.name(), id, data.length, peer, actor);
    }

    /** A DATA message from a peer: verified, then kept as {@code <received millis>~<from>~<id>.bin}. */
    void receive(Peers.Peer peer, String messageId, byte[] body, String signature) {
        SignedMessages.verify(node, peer, body, signature, "attachment " + messageId);
        String safeId = messageId.replaceAll("[^A-Za-z0-9-]", "_");
        try {
            Files.createDirectories(inbox);
            try (Stream<Path> files = Files.list(inbox)) {
                // Redelivered after a crash: the same message id is kept once.
                if (files.anyMatch(f -> f.getFileName().toString().endsWith("~" + safeId + ".bin"))) {
                    return;
                }
            }
            Path tmp = inbox.resolve(safeId + ".tmp");
            Files.write(tmp, body);
            Files.move(tmp, inbox.resolve(System.currentTimeMillis() + "~" + peer.address() + "~" + safeId + ".bin"),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep attachment " + messageId + " in " + inbox, e);
        }
        LOG.info("node {}: attachment {} ({} bytes) from {}", node.name(), messageId, body.length, peer.address());
    }

    synchronized Optional<DataBlock> take(String actor) {
        try {
            if (!Files.isDirectory(inbox)) {
                return Optional.empty();
            }
            Optional<Path> oldest;
            try (Stream<Path> files = Files.list(inbox)) {
                oldest = files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().findFirst();
            }
            if (oldest.isEmpty()) {
                return Optional.empty();
            }
            Path f = oldest.get();
            String name = f.getFileName().toString();
            String[] parts = name.substring(0, name.length() - 4).split("~", 3);
            byte[] data = Files.readAllBytes(f);
            Files.createDirectories(taken);
            Files.move(f, taken.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("node {}: attachment {} taken by {}", node.name(), name, actor);
            return Optional.of(new DataBlock(parts[2], parts[1], data, Instant.ofEpochMilli(Long.parseLong(parts[0]))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attachments in " + inbox, e);
        }
    }
}
