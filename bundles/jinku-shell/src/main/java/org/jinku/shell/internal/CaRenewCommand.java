package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.Credential;

@Command(scope = "jinku", name = "ca-renew", description = "Renews a key container's certificate with a new key"
        + " (before it expires); peers accept the old one until it expires or is revoked")
@Service
public class CaRenewCommand extends KeyCommand {

    @Argument(index = 1, name = "holder", required = true, description = "An operator's user ID, or org (the organisation key, which also makes the seals)")
    @Completion(HolderCompleter.class)
    String holder;

    @Option(name = "--pin", censor = true, description = "The container's PIN; default: asked, masked")
    String pin;

    @Override
    public Object execute() {
        String alias = alias(holder);
        char[] p = Pins.read(session, pin, "PIN of " + alias + ": ", "--pin");
        try {
            Credential c = crypto(cp -> cp.renew(alias, p));
            System.out.println("renewed " + describe(c));
        } finally {
            Arrays.fill(p, '\0');
        }
        return null;
    }
}
