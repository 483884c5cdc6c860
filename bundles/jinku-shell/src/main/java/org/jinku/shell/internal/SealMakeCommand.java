package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "seal-make", description = "Makes an approved seal (制作): the GB/T 38540 SESeal, signed by the party's seal maker")
@Service
public class SealMakeCommand extends SealActionCommand {

    @Override
    public Object execute() {
        System.out.println("make (制作): " + describe(node().makeSeal(id, actor())));
        return null;
    }
}
