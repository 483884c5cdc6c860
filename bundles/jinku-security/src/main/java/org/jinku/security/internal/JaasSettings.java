package org.jinku.security.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * How Karaf's properties realm stores passwords, read from its configuration ({@code etc/org.apache.karaf.jaas.cfg},
 * PID {@code org.apache.karaf.jaas}) with Karaf's own defaults, so our realm and Karaf's agree on every line of
 * {@code users.properties}. With {@code encryption.enabled=true} and the {@code basic} service a password is stored as
 * {@code {CRYPT}<digest>{CRYPT}}: the digest of its bytes (the platform charset, as Karaf's BasicEncryption does)
 * in hex or base64.
 */
record JaasSettings(boolean enabled, String name, String prefix, String suffix, String algorithm, String encoding,
                    String detailedLoginException) {

    /** From the {@code org.apache.karaf.jaas} configuration (null: none); Karaf's defaults where a key is absent. */
    static JaasSettings of(Map<String, ?> config) {
        return new JaasSettings(Boolean.parseBoolean(get(config, "encryption.enabled", "false")),
                get(config, "encryption.name", "basic"),
                get(config, "encryption.prefix", "{CRYPT}"),
                get(config, "encryption.suffix", "{CRYPT}"),
                get(config, "encryption.algorithm", "SHA-256"),
                get(config, "encryption.encoding", "hexadecimal"),
                get(config, "detailed.login.exception", "false"));
    }

    /** The options Karaf's {@code KarafRealm} gives its PropertiesLoginModule, less the users file. */
    Map<String, Object> loginOptions() {
        Map<String, Object> o = new HashMap<>();
        o.put("detailed.login.exception", detailedLoginException);
        o.put("encryption.name", name);
        o.put("encryption.enabled", Boolean.toString(enabled));
        o.put("encryption.prefix", prefix);
        o.put("encryption.suffix", suffix);
        o.put("encryption.algorithm", algorithm);
        o.put("encryption.encoding", encoding);
        return o;
    }

    /**
     * The text to store for {@code password}: hashed as Karaf's basic encryption does when encryption is on.
     * Only the basic service's digests are computed here; another service (jasypt) would need its own code.
     */
    String stored(char[] password) {
        String plain = new String(password);
        if (!enabled) {
            return plain;
        }
        if (!"basic".equals(name)) {
            throw new IllegalStateException("encryption.name=" + name + " is not supported by Jinku's account"
                    + " management; use basic");
        }
        byte[] digest;
        try {
            // Karaf's BasicEncryption digests String.getBytes() (the platform charset); Karaf runs with UTF-8
            digest = MessageDigest.getInstance(algorithm).digest(plain.getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("encryption.algorithm=" + algorithm + " is not available", e);
        }
        String text = "base64".equalsIgnoreCase(encoding) ? Base64.getEncoder().encodeToString(digest)
                : HexFormat.of().withUpperCase().formatHex(digest);
        return prefix + text + suffix;
    }

    private static String get(Map<String, ?> config, String key, String def) {
        Object v = config == null ? null : config.get(key);
        return v == null ? def : v.toString().trim();
    }
}
