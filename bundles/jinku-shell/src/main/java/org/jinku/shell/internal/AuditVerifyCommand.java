package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.security.AuditCheck;
import org.jinku.api.security.AuditLog;

/** A broken chain fails the command (after naming each problem), so {@code ./jinku client} exits non-zero. */
@Command(scope = "jinku", name = "audit-verify", description = "Walks the audit trail's SM3 hash chain and names"
        + " every changed, deleted or reordered entry, and a cut tail")
@Service
public class AuditVerifyCommand implements Action {

    @Reference
    AuditLog audit;

    @Override
    public Object execute() {
        AuditCheck check = audit.verify();
        if (check.intact()) {
            System.out.println("audit trail intact: " + check.entries() + " entries");
            return null;
        }
        for (String p : check.problems()) {
            System.out.println(p);
        }
        throw new IllegalStateException("audit trail BROKEN: " + check.problems().size() + " problem(s) in "
                + check.entries() + " entries");
    }
}
