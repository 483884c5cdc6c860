package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/**
 * PINs of key containers at the shell: given with an option (scripts), else typed at a masked prompt, never
 * echoed nor printed. A session without a terminal (a one-shot {@code ./jinku client '…'}) cannot prompt, so
 * the command says to give the option.
 */
final class Pins {

    private Pins() {
    }

    /** The PIN given, else the one typed at {@code prompt}. */
    static char[] read(Session session, String given, String prompt, String option) {
        if (given != null) {
            return given.toCharArray();
        }
        char[] pin = prompt(session, prompt, option);
        if (pin.length == 0) {
            throw new IllegalArgumentException("no PIN typed; give it with " + option + " in scripts");
        }
        return pin;
    }

    /** A new PIN: given, else typed twice (the two must match). */
    static char[] newPin(Session session, String given, String prompt, String option) {
        if (given != null) {
            return given.toCharArray();
        }
        char[] first = read(session, null, prompt, option);
        char[] again = prompt(session, "again: ", option);
        try {
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two PINs typed differ; nothing was changed");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    static String text(char[] pin) {
        return pin == null ? null : new String(pin);
    }

    private static char[] prompt(Session session, String prompt, String option) {
        String line;
        try {
            line = session == null ? null : session.readLine(prompt, '*');
        } catch (Exception e) {
            // jline ends a read without a terminal with EndOfFileException (a RuntimeException)
            line = null;
        }
        if (line == null) {
            throw new IllegalArgumentException("cannot ask for the PIN here (no terminal): give it with " + option);
        }
        return line.toCharArray();
    }
}
