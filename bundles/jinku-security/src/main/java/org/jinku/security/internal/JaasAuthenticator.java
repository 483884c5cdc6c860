package org.jinku.security.internal;

import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.security.Authenticator;
import org.jinku.api.security.Operator;

/**
 * Logs in through the JAAS {@code karaf} realm, exactly as the ssh shell does, so REST, console and SOAP logins
 * share the lockout count and the audit with ssh. The realm must be Jinku's ({@link JinkuRealm}): this component
 * waits for it.
 */
@Component(service = Authenticator.class)
public class JaasAuthenticator implements Authenticator {

    private final Configuration configuration;

    /**
     * @param realm only to wait for Jinku's realm: logging in through Karaf's own would skip the lockout
     */
    @Activate
    public JaasAuthenticator(@Reference(target = "(component.name=org.jinku.security.internal.JinkuRealm)")
                             org.apache.karaf.jaas.config.JaasRealm realm) {
        this((Configuration) null);
    }

    /** With {@code configuration} instead of the JVM's (Karaf's) JAAS configuration (tests). */
    JaasAuthenticator(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Operator login(String name, char[] password, String channel, String remote) {
        if (name == null || name.isBlank() || password == null || password.length == 0) {
            throw new JinkuException(RejectCode.NOT_AUTHENTICATED, "name and password are required");
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal(channel == null ? "rest" : channel,
                remote == null ? "" : remote));
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // LoginContext loads Karaf's ProxyLoginModule through the context class loader: ours imports it
        t.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext lc = new LoginContext(JinkuRealm.NAME, subject, callbacks -> answer(callbacks, name, password),
                    configuration);
            lc.login();
        } catch (AccountLockedException e) {
            throw new JinkuException(RejectCode.ACCOUNT_LOCKED, "account " + name + " is locked after too many"
                    + " failed logins; the security administrator unlocks it");
        } catch (LoginException e) {
            throw new JinkuException(RejectCode.NOT_AUTHENTICATED, "wrong name or password");
        } finally {
            t.setContextClassLoader(before);
        }
        return operator(subject, name);
    }

    private static Operator operator(Subject subject, String fallback) {
        String user = fallback;
        Set<String> roles = new TreeSet<>();
        for (Principal p : subject.getPrincipals()) {
            if (p instanceof UserPrincipal) {
                user = p.getName();
            } else if (p instanceof RolePrincipal) {
                roles.add(p.getName());
            }
        }
        return new Operator(user, roles);
    }

    /** Answers a login module's name and password callbacks (this class's logins and the module's delegate). */
    static void answer(Callback[] callbacks, String name, char[] password)
            throws UnsupportedCallbackException {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback nc) {
                nc.setName(name);
            } else if (c instanceof PasswordCallback pc) {
                pc.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(c);
            }
        }
    }
}
