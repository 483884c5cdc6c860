package org.jinku.security.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;

/**
 * The login module of Jinku's {@code karaf} realm (登录模块): Karaf's own {@link PropertiesLoginModule} checks the
 * name and password against {@code users.properties}; around it, a locked account is refused first, a failure
 * is counted (locking at the limit) and every attempt is audited. Karaf's {@code ProxyLoginModule} loads this
 * class from our bundle; the {@link LoginGate} comes in the options under its class name.
 * <p>
 * The channel and the client's address are read from the {@link ClientPrincipal} the caller put on the Subject
 * (Karaf's ssh server does: {@code ssh(/127.0.0.1:…)}; so does Jinku's Authenticator); without one the
 * channel is the option {@code channel}, default {@code ssh}.
 */
public class JinkuLoginModule implements LoginModule {

    /** Option: the {@link LoginGate} object. */
    static final String GATE = LoginGate.class.getName();
    /** Option: the channel when the Subject carries no {@link ClientPrincipal}. */
    static final String CHANNEL = "channel";

    private final PropertiesLoginModule delegate = new PropertiesLoginModule();
    private Subject subject;
    private CallbackHandler handler;
    private LoginGate gate;
    private String defaultChannel;
    private String name;
    private char[] password;
    private String channel;
    private String remote;
    private boolean succeeded;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.gate = (LoginGate) options.get(GATE);
        Object ch = options.get(CHANNEL);
        this.defaultChannel = ch == null ? "ssh" : ch.toString();
        // Karaf's module asks our handler, which answers with what we asked the caller for
        delegate.initialize(subject, callbacks -> JaasAuthenticator.answer(callbacks, name, password), sharedState,
                options);
    }

    @Override
    public boolean login() throws LoginException {
        if (gate == null) {
            throw new LoginException("Jinku's login gate is not configured (option " + GATE + ")");
        }
        NameCallback nc = new NameCallback("Username: ");
        PasswordCallback pc = new PasswordCallback("Password: ", false);
        try {
            handler.handle(new Callback[] {nc, pc});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot ask for name and password: " + e.getMessage());
        }
        name = nc.getName();
        password = pc.getPassword();
        pc.clearPassword();
        client();
        if (name == null || password == null) {
            throw new FailedLoginException("login failed");
        }
        try {
            gate.checkNotLocked(name, channel, remote);
            try {
                delegate.login();
            } catch (FailedLoginException e) {
                if (gate.failed(name, channel, remote)) {
                    throw new AccountLockedException("account " + name + " is now locked after "
                            + gate.maxFailures() + " failed logins");
                }
                throw new FailedLoginException("login failed");
            }
        } finally {
            Arrays.fill(password, '\0');
            password = null;
        }
        succeeded = true;
        return true;
    }

    @Override
    public boolean commit() throws LoginException {
        if (!succeeded) {
            return false;
        }
        boolean ok = delegate.commit();
        TreeSet<String> roles = new TreeSet<>();
        for (Principal p : subject.getPrincipals(RolePrincipal.class)) {
            roles.add(p.getName());
        }
        gate.succeeded(name, roles, channel, remote);
        return ok;
    }

    @Override
    public boolean abort() throws LoginException {
        succeeded = false;
        return delegate.abort();
    }

    @Override
    public boolean logout() throws LoginException {
        succeeded = false;
        return delegate.logout();
    }


    private void client() {
        channel = defaultChannel;
        remote = null;
        if (subject == null) {
            return;
        }
        for (ClientPrincipal p : subject.getPrincipals(ClientPrincipal.class)) {
            channel = p.getMethod();
            remote = p.getAddress();
            return;
        }
    }
}
