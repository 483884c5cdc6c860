package org.jinku.security.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The head of the audit chain (链头): the last entry's seq and hash, kept in a file beside the database
 * ({@code ${karaf.data}/jinku/audit.head}). Rows cut off the end of the table leave a chain that is intact
 * in itself; the head file still names the last entry, so the cut is found.
 */
final class AuditHead {

    /** The last seq and hash written; seq 0 for an empty trail. */
    record Head(long seq, String hash) {
    }

    private final Path file;

    AuditHead(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The head written last, or null when there is no head file. */
    Head read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
        if (parts.length != 2) {
            throw new IOException(file + " is not '<seq> <hash>'");
        }
        try {
            return new Head(Long.parseLong(parts[0]), parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException(file + " is not '<seq> <hash>'", e);
        }
    }

    /** Writes the head durably: to a temporary file, forced to disk, then moved over the old one. */
    void write(long seq, String hash) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] text = (seq + " " + hash + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
