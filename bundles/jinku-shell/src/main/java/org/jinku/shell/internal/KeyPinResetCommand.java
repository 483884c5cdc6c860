package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "key-pin-reset", description = "The security administrator's reset: unlocks a key"
        + " container locked by wrong PINs and sets a new PIN (asked twice, masked)")
@Service
public class KeyPinResetCommand extends KeyCommand {

    @Argument(index = 1, name = "holder", required = true, description = "An operator's user ID, or org (the organisation key, which also makes the seals)")
    @Completion(HolderCompleter.class)
    String holder;

    @Option(name = "--new-pin", censor = true, description = "For scripts; default: asked twice, masked")
    String newPin;

    @Override
    public Object execute() {
        String alias = alias(holder);
        char[] fresh = Pins.newPin(session, newPin, "new PIN for " + alias + ": ", "--new-pin");
        try {
            crypto(cp -> {
                cp.resetPin(alias, fresh);
                return null;
            });
            System.out.println("PIN of " + alias + " reset; the container is unlocked");
        } finally {
            Arrays.fill(fresh, '\0');
        }
        return null;
    }
}
