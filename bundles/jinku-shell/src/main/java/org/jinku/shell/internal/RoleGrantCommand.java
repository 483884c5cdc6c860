package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;

/** A role that may not be combined with one the account holds is refused (ROLE_CONFLICT): the command fails. */
@Command(scope = "jinku", name = "role-grant", description = "Grants a role to an account (with the Karaf roles"
        + " it implies), unless it conflicts with one the account holds")
@Service
public class RoleGrantCommand implements Action {

    @Reference
    Accounts accounts;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    String name;

    @Argument(index = 1, name = "role", required = true,
            description = "sysadmin, secadmin, auditor, tester, entry@NODE, review@NODE or seal@NODE")
    String role;

    @Override
    public Object execute() {
        Account a = accounts.grant(name, role, ShellCaller.operator().name());
        System.out.println(name + " now holds " + a.roles());
        return null;
    }
}
