package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/**
 * Secrets at the shell — PINs of key containers, account passwords: given with an option (scripts), else typed
 * at a masked prompt, never echoed nor printed (the shell's audit masks the options too). A session without a
 * terminal (a one-shot {@code ./jinku client '…'}) cannot prompt, so the command says to give the option.
 */
final class Pins {

    private Pins() {
    }

    /** The PIN given, else the one typed at {@code prompt}. */
    static char[] read(Session session, String given, String prompt, String option) {
        return read(session, given, prompt, option, "PIN");
    }

    private static char[] read(Session session, String given, String prompt, String option, String what) {
        if (given != null) {
            return given.toCharArray();
        }
        char[] secret = prompt(session, prompt, option, what);
        if (secret.length == 0) {
            throw new IllegalArgumentException("no " + what + " typed; give it with " + option + " in scripts");
        }
        return secret;
    }

    /** A new PIN: given, else typed twice (the two must match). */
    static char[] newPin(Session session, String given, String prompt, String option) {
        return newSecret(session, given, prompt, option, "PIN");
    }

    /** A new secret ({@code what}: "PIN", "password"): given, else typed twice (the two must match). */
    static char[] newSecret(Session session, String given, String prompt, String option, String what) {
        if (given != null) {
            return given.toCharArray();
        }
        char[] first = read(session, null, prompt, option, what);
        char[] again = prompt(session, "again: ", option, what);
        try {
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two " + what + "s typed differ; nothing was changed");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    static String text(char[] pin) {
        return pin == null ? null : new String(pin);
    }

    private static char[] prompt(Session session, String prompt, String option, String what) {
        String line;
        try {
            line = session == null ? null : session.readLine(prompt, '*');
        } catch (Exception e) {
            // jline ends a read without a terminal with EndOfFileException (a RuntimeException)
            line = null;
        }
        if (line == null) {
            throw new IllegalArgumentException("cannot ask for the " + what + " here (no terminal): give it with "
                    + option);
        }
        return line.toCharArray();
    }
}
