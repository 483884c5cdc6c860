package org.jinku.security.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.security.AuditLog;

/**
 * Every configuration change (配置变更) goes to the audit trail: {@code CONFIG_UPDATED} with the PID and the keys
 * that changed (new values shown, those of keys naming a pin, password or secret masked as {@code ***}), or
 * {@code CONFIG_DELETED}. Configuration Admin does not say who changed it; the shell command or REST call that
 * did is recorded by its own channel.
 */
@Component(service = ConfigurationListener.class)
public class ConfigAudit implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAudit.class);
    /** Bookkeeping keys that change without anyone changing the configuration. */
    private static final Set<String> IGNORED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", ":org.apache.felix.configadmin.revision:");
    private static final int MAX_VALUE = 200;

    private final ConfigurationAdmin configAdmin;
    private final AuditLog audit;
    /** The properties last seen per PID, to tell which keys changed. */
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

    @Activate
    public ConfigAudit(@Reference ConfigurationAdmin configAdmin, @Reference AuditLog audit) {
        this.configAdmin = configAdmin;
        this.audit = audit;
        try {
            Configuration[] all = configAdmin.listConfigurations(null);
            if (all != null) {
                for (Configuration c : all) {
                    if (c.getProperties() != null) {
                        seen.put(c.getPid(), flatten(c.getProperties()));
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("cannot list configurations: {}", e.getMessage());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        try {
            if (event.getType() == ConfigurationEvent.CM_DELETED) {
                seen.remove(pid);
                audit.append("system", "config", "CONFIG_DELETED", pid, "OK", null);
            } else if (event.getType() == ConfigurationEvent.CM_UPDATED) {
                Map<String, String> now = current(pid);
                Map<String, String> before = seen.put(pid, now);
                String changes = changes(before == null ? Map.of() : before, now);
                if (!changes.isEmpty()) {
                    audit.append("system", "config", "CONFIG_UPDATED", pid, "OK", changes);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("cannot audit the change of configuration {}: {}", pid, e.getMessage(), e);
        }
    }

    private Map<String, String> current(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                return flatten(found[0].getProperties());
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("cannot read configuration {}: {}", pid, e.getMessage());
        }
        return Map.of();
    }

    /** {@code key=value, secret=***; removed: old} over the keys that differ, sorted. */
    static String changes(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        StringBuilder set = new StringBuilder();
        StringBuilder removed = new StringBuilder();
        for (String k : keys) {
            if (IGNORED.contains(k) || Objects.equals(before.get(k), after.get(k))) {
                continue;
            }
            if (!after.containsKey(k)) {
                removed.append(removed.length() == 0 ? "" : ", ").append(k);
            } else {
                set.append(set.length() == 0 ? "" : ", ").append(k).append('=').append(shown(k, after.get(k)));
            }
        }
        if (removed.length() > 0) {
            set.append(set.length() == 0 ? "" : "; ").append("removed: ").append(removed);
        }
        return set.toString();
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("pin") || k.contains("password") || k.contains("secret");
    }

    private static String shown(String key, String value) {
        if (secret(key)) {
            return "***";
        }
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value;
    }

    private static Map<String, String> flatten(Dictionary<String, Object> props) {
        Map<String, String> out = new TreeMap<>();
        for (Enumeration<String> e = props.keys(); e.hasMoreElements(); ) {
            String k = e.nextElement();
            Object v = props.get(k);
            out.put(k, v instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(v));
        }
        return out;
    }

    private static String escape(String pid) {
        StringBuilder sb = new StringBuilder();
        for (char ch : pid.toCharArray()) {
            if (ch == '\\' || ch == '(' || ch == ')' || ch == '*') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
