package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "seal-approve", description = "Approves an applied seal (审批); the approver must be another person than the applicant")
@Service
public class SealApproveCommand extends SealActionCommand {

    @Override
    public Object execute() {
        System.out.println("approve (审批): " + describe(node().approveSeal(id, actor())));
        return null;
    }
}
