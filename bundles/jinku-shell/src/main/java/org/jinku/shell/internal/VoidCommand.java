package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "void", description = "Voids (作废) a voucher of this node that was not sent yet,"
        + " or that the peer refused or returned; the corrected one is then submitted under the same VoucherNo")
@Service
public class VoidCommand extends NodeCommand {

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Argument(index = 2, name = "reason", required = true, description = "Why (≤ 200 bytes)")
    String reason;

    @Option(name = "--actor", description = "Who voids it, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        VoucherView v = node().voidVoucher(VoucherKey.parse(key), operatorOnNode(actor), reason);
        System.out.println("voucher " + v.key() + " version " + v.version() + " is " + v.state());
        return null;
    }
}
