package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.UserInfo;

@Command(scope = "jinku", name = "nodes", description = "Lists the nodes (voucher stores) of this appliance")
@Service
public class NodesCommand implements Action {

    @Reference
    NodeDirectory directory;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Node");
        t.column("Role");
        t.column("Address");
        t.column("Users (posts)");
        for (Node n : directory.nodes()) {
            StringBuilder users = new StringBuilder();
            for (UserInfo u : n.users()) {
                users.append(users.length() == 0 ? "" : ", ").append(u.userId()).append(u.posts());
            }
            t.addRow().addContent(n.name(), n.role(), n.address(), users);
        }
        t.print(System.out);
        return null;
    }
}
