package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.security.AuditEntry;
import org.jinku.api.security.AuditLog;

@Command(scope = "jinku", name = "audit", description = "Shows the audit trail, newest first: logins, operator"
        + " actions, configuration changes")
@Service
public class AuditCommand implements Action {

    @Reference
    AuditLog audit;

    @Option(name = "--limit", description = "How many entries (default 30)")
    int limit = 30;

    @Option(name = "--actor", description = "Only this account's entries")
    String actor;

    @Argument(index = 0, name = "text", required = false,
            description = "Only entries whose actor, action, target or detail contains this text")
    String text;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Seq");
        t.column("Time");
        t.column("Actor");
        t.column("Channel");
        t.column("Action").maxSize(40);
        t.column("Target").maxSize(50);
        t.column("Outcome").maxSize(30);
        t.column("Detail").maxSize(60);
        for (AuditEntry e : audit.list(actor, text, null, null, 0, limit)) {
            t.addRow().addContent(e.seq(), e.at(), e.actor(), e.channel(), e.action(), e.target(), e.outcome(),
                    e.detail());
        }
        t.print(System.out);
        return null;
    }
}
