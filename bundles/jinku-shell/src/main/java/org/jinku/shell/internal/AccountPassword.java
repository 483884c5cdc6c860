package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.console.Session;

/**
 * A new account password at the shell: given with {@code --password} (scripts), else typed twice at a masked
 * prompt. Never echoed nor printed; the shell's audit masks {@code --password} too.
 */
final class AccountPassword {

    private AccountPassword() {
    }

    static char[] read(Session session, String given, String name) {
        if (given != null) {
            return given.toCharArray();
        }
        char[] first = prompt(session, "new password of " + name + ": ");
        char[] again = prompt(session, "again: ");
        try {
            if (first.length == 0) {
                throw new IllegalArgumentException("no password typed; nothing was changed");
            }
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two passwords typed differ; nothing was changed");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    private static char[] prompt(Session session, String prompt) {
        String line;
        try {
            line = session == null ? null : session.readLine(prompt, '*');
        } catch (Exception e) {
            // jline ends a read without a terminal with EndOfFileException (a RuntimeException)
            line = null;
        }
        if (line == null) {
            throw new IllegalArgumentException("cannot ask for the password here (no terminal): give it with"
                    + " --password");
        }
        return line.toCharArray();
    }
}
