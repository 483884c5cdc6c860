package org.jinku.crypto.pkcs11.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the slot of a token by its label. SunPKCS11 selects a slot only by ID or list index, and the slot ID
 * of a SoftHSM2 token changes with every initialisation; the token label is what an operator knows. The
 * library's slot list is read with OpenSC's {@code pkcs11-tool} (any module) or, for SoftHSM2,
 * {@code softhsm2-util}: Jinku itself touches the module only through SunPKCS11.
 */
final class TokenSlots {

    private static final Pattern SLOT = Pattern.compile("^Slot (\\d+)(?: \\((0x[0-9a-fA-F]+)\\))?.*");
    private static final Pattern LABEL = Pattern.compile("^\\s*(?:token )?label\\s*:\\s*(.*?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private TokenSlots() {
    }

    /** The slot ID of the token labelled {@code label} in the library's slot list. */
    static long find(String library, String label) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("pkcs11-tool", "--module", library, "--list-token-slots"));
        if (library.toLowerCase(Locale.ROOT).contains("softhsm")) {
            commands.add(List.of("softhsm2-util", "--show-slots"));
        }
        List<String> tried = new ArrayList<>();
        for (List<String> command : commands) {
            String out;
            try {
                out = run(command);
            } catch (IOException e) {
                tried.add(command.get(0) + " (" + e.getMessage() + ")");
                continue;
            }
            OptionalLong slot = parse(out, label);
            if (slot.isPresent()) {
                return slot.getAsLong();
            }
            tried.add(command.get(0) + " (no token labelled '" + label + "')");
        }
        throw new IllegalStateException("no slot of " + library + " holds a token labelled '" + label + "': tried "
                + String.join(", ", tried) + ". Set slot (its ID) or slot.index instead of token.label");
    }

    /** The slot ID whose token has {@code label}, from {@code pkcs11-tool -L} or {@code softhsm2-util --show-slots}. */
    static OptionalLong parse(String listing, String label) {
        Long slot = null;
        for (String line : listing.split("\\R")) {
            Matcher s = SLOT.matcher(line);
            if (s.matches()) {
                slot = s.group(2) != null ? Long.parseLong(s.group(2).substring(2), 16) : Long.parseLong(s.group(1));
                continue;
            }
            Matcher l = LABEL.matcher(line);
            if (slot != null && l.matches() && l.group(1).equals(label)) {
                return OptionalLong.of(slot);
            }
        }
        return OptionalLong.empty();
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("no answer in 20 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
    }
}
