package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "resend", description = "Sends a voucher (or with --receipt its 回单) made here"
        + " again (补发), unchanged, to every party it went to; the peer answers a copy it holds with its status")
@Service
public class ResendCommand extends NodeCommand {

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Option(name = "--receipt", description = "Send the 回单 (VoucherFlag 1) made here, not the voucher")
    boolean receipt;

    @Option(name = "--actor", description = "Who sends it again, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        VoucherView v = node().resend(VoucherKey.parse(key), receipt ? 1 : 0, operatorOnNode(actor));
        System.out.println((receipt ? "回单 of " : "voucher ") + v.key() + " sent again to " + v.deliveries().keySet()
                + "; status " + v.deliveries());
        return null;
    }
}
