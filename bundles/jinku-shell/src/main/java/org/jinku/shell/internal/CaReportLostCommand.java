package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.IssuedCertificate;

@Command(scope = "jinku", name = "ca-report-lost", description = "Reports a key lost (挂失): its certificate is"
        + " revoked (keyCompromise), the node stops using it and sends the new CRL to every peer at once")
@Service
public class CaReportLostCommand extends NodeCommand {

    @Argument(index = 1, name = "holder", required = true, description = "An operator's user ID, or org")
    @Completion(HolderCompleter.class)
    String holder;

    @Option(name = "--actor", description = "Who reports it, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        IssuedCertificate c = node().reportLost(holder, actorOr(actor));
        System.out.println("挂失: certificate " + c.serialHex() + " (" + c.subject() + ") revoked ("
                + c.revocationReason() + ") at " + c.revokedAt() + " by " + c.revokedBy()
                + "; the new CRL went to every peer of " + node + ". Give " + holder + " a new key and certificate: jinku:ca-renew "
                + node + " " + holder + " (jinku:key-pin-reset first if the PIN is lost too)");
        return null;
    }
}
