package org.jinku.security.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Karaf's properties realm file ({@code etc/users.properties}: {@code name = password,role,role…}), read and
 * written through Karaf's own {@code PropertiesBackingEngine} (the one behind the {@code jaas:*} commands), which
 * keeps the file's comments. Each operation reads the file afresh, so edits by hand or by {@code jaas:*} are seen.
 * Passwords arrive here already in their stored form (see {@link JaasSettings#stored}).
 */
@Component(service = UsersFile.class)
public class UsersFile {

    static final String PROPERTIES_MODULE = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";

    private final BackingEngineFactory factory;
    private final Path file;

    @Activate
    public UsersFile(@Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE,
            policyOption = ReferencePolicyOption.GREEDY) List<BackingEngineFactory> factories) {
        this(properties(factories), Paths.get(System.getProperty("karaf.etc", "etc"), "users.properties"));
    }

    UsersFile(BackingEngineFactory factory, Path file) {
        this.factory = factory;
        this.file = file;
    }

    Path file() {
        return file;
    }

    private static BackingEngineFactory properties(List<BackingEngineFactory> factories) {
        for (BackingEngineFactory f : factories) {
            if (PROPERTIES_MODULE.equals(f.getModuleClass())) {
                return f;
            }
        }
        throw new IllegalStateException("Karaf's properties realm (jaas feature) is not installed");
    }

    /**
     * The engine over the file as it is now. Encryption is off here on purpose: the password given is stored
     * as given, already hashed.
     */
    private BackingEngine engine() {
        BackingEngine e = factory.build(Map.of("users", file.toString(), "encryption.enabled", "false"));
        if (e == null) {
            throw new IllegalStateException("cannot read " + file);
        }
        return e;
    }

    List<String> names() {
        List<String> out = new ArrayList<>();
        for (UserPrincipal u : engine().listUsers()) {
            out.add(u.getName());
        }
        return out;
    }

    boolean exists(String name) {
        return engine().lookupUser(name) != null;
    }

    /** The account's roles, those of its groups included; null for an unknown account. */
    Set<String> roles(String name) {
        BackingEngine e = engine();
        UserPrincipal u = e.lookupUser(name);
        if (u == null) {
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (RolePrincipal r : e.listRoles(u)) {
            roles.add(r.getName());
        }
        return roles;
    }

    void add(String name, String storedPassword, Set<String> roles) {
        BackingEngine e = engine();
        e.addUser(name, storedPassword);
        for (String r : roles) {
            e.addRole(name, r);
        }
    }

    void setPassword(String name, String storedPassword) {
        engine().addUser(name, storedPassword);
    }

    void addRole(String name, String role) {
        engine().addRole(name, role);
    }

    void removeRole(String name, String role) {
        engine().deleteRole(name, role);
    }

    void delete(String name) {
        engine().deleteUser(name);
    }
}
