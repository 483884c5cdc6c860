package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "seal-revoke", description = "Revokes a seal (废止); peers are told and refuse"
        + " vouchers it stamps from then on")
@Service
public class SealRevokeCommand extends SealActionCommand {

    @Option(name = "--reason", required = true, description = "Why, for the record and the peers")
    String reason;

    @Override
    public Object execute() {
        System.out.println("revoked (废止): " + describe(node().revokeSeal(id, actor(), reason)));
        return null;
    }
}
