package org.jinku.shell.internal;

import java.util.LinkedHashSet;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import org.jinku.api.security.Account;
import org.jinku.api.security.Accounts;

/** Roles that may not be combined are refused (ROLE_CONFLICT, with the reason): the command fails. */
@Command(scope = "jinku", name = "account-add", description = "Creates an account with its roles"
        + " (sysadmin, secadmin, auditor, tester, entry@NODE, review@NODE, seal@NODE); the password is asked, masked,"
        + " unless --password")
@Service
public class AccountAddCommand implements Action {

    @Reference
    Accounts accounts;

    @Reference
    Session session;

    @Option(name = "--password", censor = true, description = "The new account's password (at least 8 characters);"
            + " default: asked twice, masked")
    String password;

    @Argument(index = 0, name = "name", required = true, description = "Account name, e.g. lr02")
    String name;

    @Argument(index = 1, name = "roles", required = true, multiValued = true, description = "Its roles")
    List<String> roles;

    @Override
    public Object execute() {
        String actor = ShellCaller.operator().name();
        char[] secret = Pins.newSecret(session, password, "new password of " + name + ": ", "--password", "password");
        Account a = accounts.create(name, secret, new LinkedHashSet<>(roles), actor);
        System.out.println("account " + a.name() + " created with roles " + a.roles());
        return null;
    }
}
