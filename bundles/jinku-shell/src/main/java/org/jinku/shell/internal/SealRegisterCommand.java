package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "seal-register", description = "Registers a made seal (备案) with every peer; active at the first acknowledgement; it stamps only for peers that acknowledged it")
@Service
public class SealRegisterCommand extends SealActionCommand {

    @Override
    public Object execute() {
        System.out.println("register (备案): " + describe(node().registerSeal(id, actor())));
        return null;
    }
}
