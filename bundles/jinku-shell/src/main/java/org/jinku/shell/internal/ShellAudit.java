package org.jinku.shell.internal;

import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.jinku.api.JinkuException;
import org.jinku.api.security.AuditLog;

/**
 * Every command typed at the shell goes to the audit trail with its outcome, under the logged-in account.
 * Karaf's shell calls the {@link CommandSessionListener} services it finds; PINs and passwords given as options
 * are masked before anything is written.
 */
@Component(service = CommandSessionListener.class)
public class ShellAudit implements CommandSessionListener {

    private static final Pattern SECRET = Pattern.compile(
            "(--(?:pin|old-pin|new-pin|password|pass)(?:=|\\s+))(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final int MAX = 500;

    @Reference
    private AuditLog audit;

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        // recorded once its outcome is known
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        String outcome = exception instanceof JinkuException j ? "FAILED " + j.code()
                : "FAILED " + exception.getClass().getSimpleName();
        record(session, command, outcome, exception.getMessage());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        record(session, command, "OK", null);
    }

    private void record(CommandSession session, CharSequence command, String outcome, String detail) {
        // Karaf runs etc/shell.init.script (comments and alias definitions) at every login: not an action.
        // Commands are scoped (jinku:sign, config:edit, feature:install); bare words are gogo's own.
        String line = mask(command).lines().filter(l -> !l.strip().startsWith("//"))
                .collect(java.util.stream.Collectors.joining("\n")).strip();
        String first = line.split("\\s+", 2)[0];
        if (!first.contains(":") || first.contains("=")) {
            return;
        }
        audit.append(actor(session), "shell", "SHELL " + first, line, outcome, detail == null ? null : clip(detail));
    }

    static String mask(CharSequence command) {
        return clip(SECRET.matcher(command == null ? "" : command).replaceAll("$1***"));
    }

    private static String clip(String s) {
        return s.length() > MAX ? s.substring(0, MAX) + "…" : s;
    }

    private static String actor(CommandSession session) {
        try {
            return ShellCaller.operator().name();
        } catch (JinkuException e) {
            Object user = session == null ? null : session.get("USER");
            return user == null ? "-" : user.toString();
        }
    }
}
