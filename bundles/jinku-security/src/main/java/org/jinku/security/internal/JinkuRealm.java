package org.jinku.security.internal;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Jinku's {@code karaf} realm (JAAS 域): registered with a higher rank than Karaf's own, so Karaf's JAAS
 * configuration hands every {@code karaf} login (the ssh shell, {@code bin/client}, and Jinku's REST, console and
 * SOAP through the Authenticator) to {@link JinkuLoginModule}, which adds the lockout and the audit to Karaf's
 * PropertiesLoginModule over the same {@code users.properties}. Built as Karaf's {@code Config} (the
 * {@code <jaas:config>} blueprint element) builds its entries: Karaf's {@link ProxyLoginModule} naming our class and
 * bundle, the BundleContext in the options (Karaf's hashing looks its EncryptionService up with it), and the
 * {@code org.apache.karaf.jaas} options Karaf's own realm passes.
 */
@Component(service = JaasRealm.class, configurationPid = "org.apache.karaf.jaas",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class JinkuRealm implements JaasRealm {

    static final String NAME = "karaf";
    /** Karaf's own realm has rank 0. */
    static final int RANK = 100;

    private final BundleContext context;
    private final LoginGate gate;
    private volatile JaasSettings settings;

    @Activate
    public JinkuRealm(BundleContext context, @Reference LoginGate gate, Map<String, Object> config) {
        this.context = context;
        this.gate = gate;
        this.settings = JaasSettings.of(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        settings = JaasSettings.of(config);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Map<String, Object> options = entryOptions(settings, gate);
        options.put(BundleContext.class.getName(), context);
        options.put(ProxyLoginModule.PROPERTY_MODULE, JinkuLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        // one module, required: a locked account may not get in by any other way
        return new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    }

    /** What {@link JinkuLoginModule} needs, wherever it is loaded from. */
    static Map<String, Object> entryOptions(JaasSettings settings, LoginGate gate) {
        Map<String, Object> options = settings.loginOptions();
        options.put("users", gate.usersFile().toString());
        options.put(JinkuLoginModule.GATE, gate);
        return options;
    }
}
