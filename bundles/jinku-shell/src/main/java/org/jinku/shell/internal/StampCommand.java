package org.jinku.shell.internal;

import java.util.Arrays;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "stamp", description = "Stamps a voucher with the party's active e-seal (电子印章)"
        + " for a stamp position, as the logged-in account (who signed that position or holds the SEAL post), with its PIN (asked, masked, unless --pin);"
        + " the voucher is sent once every signature and stamp is on it")
@Service
public class StampCommand extends NodeCommand {

    @Reference
    Session session;

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Argument(index = 2, name = "position", required = true, description = "Stamp position, e.g. yh_qz")
    String position;

    @Option(name = "--pin", censor = true, description = "PIN of the operator's key container; default: asked, masked")
    String pin;

    @Override
    public Object execute() {
        VoucherKey k = VoucherKey.parse(key);
        String user = ShellCaller.onNode(node).name();
        char[] p = Pins.read(session, pin, "PIN of " + user + ": ", "--pin");
        VoucherView v;
        try {
            v = node().stamp(k, position, user, Pins.text(p));
        } finally {
            Arrays.fill(p, '\0');
        }
        Map<String, String> stamps = node().stamps(k, 0);
        System.out.println(user + " stamped " + v.key() + " at " + position + " with seal " + stamps.get(position)
                + "; stamps " + stamps + "; now " + v.state() + ", status " + v.status().code() + " " + v.status().text());
        return null;
    }
}
