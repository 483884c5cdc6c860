package org.jinku.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

/** A refusal (WRONG_PIN, NOT_AUTHORIZED, …) is thrown, so the command fails and scripts see it. */
@Command(scope = "jinku", name = "sign", description = "Signs a voucher at its next post as the logged-in account,"
        + " with the PIN of its key container (asked, masked, unless --pin); the last post sends it")
@Service
public class SignCommand extends NodeCommand {

    @Reference
    Session session;

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Option(name = "--pin", censor = true, description = "PIN of the operator's key container; default: asked, masked")
    String pin;

    @Override
    public Object execute() {
        VoucherKey k = VoucherKey.parse(key);
        // the signer is whoever logged in: nobody signs on another's behalf
        String user = ShellCaller.onNode(node).name();
        char[] p = Pins.read(session, pin, "PIN of " + user + ": ", "--pin");
        VoucherView v;
        try {
            v = node().sign(k, user, Pins.text(p));
        } finally {
            Arrays.fill(p, '\0');
        }
        VoucherView.SignatureView last = v.signatures().get(v.signatures().size() - 1);
        System.out.println(user + " signed " + v.key() + " at " + last.position() + " (" + last.post() + "); now "
                + v.state() + ", status " + v.status().code() + " " + v.status().text());
        return null;
    }
}
