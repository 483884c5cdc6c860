package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;

@Command(scope = "jinku", name = "accounts",
        description = "Lists the operators' accounts: roles, failed logins in a row, and whether locked")
@Service
public class AccountsCommand implements Action {

    @Reference
    Accounts accounts;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Account");
        t.column("Roles").maxSize(80);
        t.column("Failed logins");
        t.column("Locked since");
        for (Account a : accounts.list()) {
            t.addRow().addContent(a.name(), String.join(", ", new java.util.TreeSet<>(a.roles())), a.failedLogins(),
                    a.locked() ? a.lockedAt() : "");
        }
        t.print(System.out);
        return null;
    }
}
