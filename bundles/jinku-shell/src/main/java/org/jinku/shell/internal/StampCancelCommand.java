package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "stamp-cancel", description = "Removes a stamp from a voucher before it is sent"
        + " (撤销签章); refused once it is queued or sent")
@Service
public class StampCancelCommand extends NodeCommand {

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Argument(index = 2, name = "position", required = true, description = "Stamp position, e.g. yh_qz")
    String position;

    @Option(name = "--actor", description = "Who cancels it, for the record (default: the shell user)")
    String actor;

    @Override
    public Object execute() {
        VoucherKey k = VoucherKey.parse(key);
        VoucherView v = node().cancelStamp(k, position, operatorOnNode(actor));
        System.out.println("stamp at " + position + " removed from " + v.key() + "; stamps left "
                + node().stamps(k, 0) + "; now " + v.state());
        return null;
    }
}
