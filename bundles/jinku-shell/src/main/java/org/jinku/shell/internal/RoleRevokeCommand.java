package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;

@Command(scope = "jinku", name = "role-revoke", description = "Takes a role from an account (and the Karaf roles"
        + " only it implied)")
@Service
public class RoleRevokeCommand implements Action {

    @Reference
    Accounts accounts;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    String name;

    @Argument(index = 1, name = "role", required = true, description = "The role to take away")
    String role;

    @Override
    public Object execute() {
        Account a = accounts.revoke(name, role, ShellCaller.operator().name());
        System.out.println(name + " now holds " + a.roles());
        return null;
    }
}
