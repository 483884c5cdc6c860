package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import org.jinku.api.security.Accounts;

@Command(scope = "jinku", name = "account-password", description = "Sets an account's password (stored hashed);"
        + " asked twice, masked, unless --password")
@Service
public class AccountPasswordCommand implements Action {

    @Reference
    Accounts accounts;

    @Reference
    Session session;

    @Option(name = "--password", censor = true, description = "The new password (at least 8 characters)")
    String password;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    String name;

    @Override
    public Object execute() {
        String actor = ShellCaller.operator().name();
        char[] secret = Pins.newSecret(session, password, "new password of " + name + ": ", "--password", "password");
        accounts.changePassword(name, secret, actor);
        System.out.println("password of " + name + " changed");
        return null;
    }
}
