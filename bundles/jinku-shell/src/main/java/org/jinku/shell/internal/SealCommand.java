package org.jinku.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.karaf.shell.api.action.Option;

import org.jinku.api.SealView;
import org.jinku.eseal.SealImages;

/** A command on a node's e-seals (电子印章), by a named person (申请, 审批, 制作, 备案, 变更, 废止 are each recorded). */
abstract class SealCommand extends NodeCommand {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final long MAX_IMAGE = 1024 * 1024;

    @Option(name = "--actor", description = "Who does it, for the record (default: the shell user)")
    String actor;

    String actor() {
        return actorOr(actor);
    }

    /** The PNG in {@code file}, else a red round seal drawn with {@code text} ({@code px}×{@code px}). */
    static byte[] image(String file, String text, int px) {
        if (file == null) {
            return SealImages.round(text, px);
        }
        Path f = Path.of(file);
        try {
            if (Files.size(f) > MAX_IMAGE) {
                throw new IllegalArgumentException(file + " is larger than 1 MB; a seal image is a small PNG");
            }
            byte[] png = Files.readAllBytes(f);
            if (png.length < PNG.length || !Arrays.equals(Arrays.copyOf(png, PNG.length), PNG)) {
                throw new IllegalArgumentException(file + " is not a PNG image");
            }
            return png;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String describe(SealView s) {
        StringBuilder b = new StringBuilder("seal ").append(s.sealId()).append(" '").append(s.name()).append("' at ")
                .append(s.position()).append(": ").append(s.state()).append(" (version ").append(s.version())
                .append(")");
        b.append("; applied by ").append(s.appliedBy());
        if (s.approvedBy() != null) {
            b.append(", approved by ").append(s.approvedBy());
        }
        if (s.madeBy() != null) {
            b.append(", made by ").append(s.madeBy());
        }
        if (s.validEnd() != null) {
            b.append("; valid until ").append(s.validEnd());
        }
        if (s.replaces() != null) {
            b.append("; replaces ").append(s.replaces());
        }
        if (!s.registrations().isEmpty()) {
            b.append("; registrations (备案) ").append(s.registrations());
        }
        return b.toString();
    }
}
