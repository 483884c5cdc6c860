package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "key-pin-change", description = "Changes the PIN of a key container; the old PIN"
        + " must be right (asked masked, the new one twice)")
@Service
public class KeyPinChangeCommand extends KeyCommand {

    @Argument(index = 1, name = "holder", required = true, description = "An operator's user ID, or org (the organisation key, which also makes the seals)")
    @Completion(HolderCompleter.class)
    String holder;

    @Option(name = "--old-pin", censor = true, description = "For scripts; default: asked, masked")
    String oldPin;

    @Option(name = "--new-pin", censor = true, description = "For scripts; default: asked twice, masked")
    String newPin;

    @Override
    public Object execute() {
        String alias = alias(holder);
        char[] old = Pins.read(session, oldPin, "current PIN of " + alias + ": ", "--old-pin");
        char[] fresh = null;
        try {
            fresh = Pins.newPin(session, newPin, "new PIN: ", "--new-pin");
            char[] n = fresh;
            crypto(cp -> {
                cp.changePin(alias, old, n);
                return null;
            });
            System.out.println("PIN of " + alias + " changed");
        } finally {
            Arrays.fill(old, '\0');
            if (fresh != null) {
                Arrays.fill(fresh, '\0');
            }
        }
        return null;
    }
}
