package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.security.Accounts;

@Command(scope = "jinku", name = "account-unlock",
        description = "Unlocks an account locked after too many failed logins, and clears its count")
@Service
public class AccountUnlockCommand implements Action {

    @Reference
    Accounts accounts;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    String name;

    @Override
    public Object execute() {
        accounts.unlock(name, ShellCaller.operator().name());
        System.out.println("account " + name + " unlocked");
        return null;
    }
}
