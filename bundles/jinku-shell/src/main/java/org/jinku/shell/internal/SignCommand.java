package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.JinkuException;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;

@Command(scope = "jinku", name = "sign", description = "Signs a voucher at its next post as a user")
@Service
public class SignCommand extends NodeCommand {

    @Argument(index = 1, name = "key", required = true, description = "AdmDivCode/StYear/VtCode/VoucherNo")
    String key;

    @Argument(index = 2, name = "user", required = true, description = "Operator who signs")
    String user;

    @Override
    public Object execute() {
        try {
            VoucherView v = node().sign(VoucherKey.parse(key), user);
            VoucherView.SignatureView last = v.signatures().get(v.signatures().size() - 1);
            System.out.println(user + " signed " + v.key() + " at " + last.position() + " (" + last.post() + "); now "
                    + v.state() + ", status " + v.status().code() + " " + v.status().text());
        } catch (JinkuException e) {
            System.out.println("refused: " + e.code() + ": " + e.getMessage());
        }
        return null;
    }
}
