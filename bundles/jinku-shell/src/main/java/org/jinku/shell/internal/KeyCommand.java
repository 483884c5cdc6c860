package org.jinku.shell.internal;

import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.Credential;
import org.jinku.api.Post;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.catalog.sample.Operators;

/**
 * A command on a key container of a node ({@code <node>/<holder>}: an operator or {@code org})
 * through the node's crypto provider: the one its {@code crypto.target} names, or {@code --provider}.
 */
abstract class KeyCommand extends NodeCommand {

    static final String NAME = "[A-Za-z0-9._-]{1,32}";

    @Reference
    BundleContext bundleContext;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    Session session;

    @Option(name = "--provider", description = "Crypto provider id (its jinku.crypto property, e.g. soft or pkcs11);"
            + " default: the one the node's configuration names (crypto.target), else soft")
    String provider;

    /** The container's alias, {@code <node>/<holder>}. */
    String alias(String holder) {
        if (!node.matches(NAME) || !holder.matches(NAME)) {
            throw new IllegalArgumentException("node and holder are 1-32 of [A-Za-z0-9._-]");
        }
        return node + "/" + holder;
    }

    String providerFilter() {
        if (provider != null && !provider.isBlank()) {
            return "(" + CryptoProvider.SERVICE_PROPERTY + "=" + provider.trim() + ")";
        }
        Object target = configAdmin == null ? null : Operators.nodeConfiguration(configAdmin, node)
                .map(c -> c.getProperties().get("crypto.target")).orElse(null);
        return target == null || target.toString().isBlank() ? "(" + CryptoProvider.SERVICE_PROPERTY + "=soft)"
                : target.toString().trim();
    }

    <R> R crypto(Function<CryptoProvider, R> work) {
        return Services.with(bundleContext, CryptoProvider.class, providerFilter(), work);
    }

    /** {@code ENTRY+REVIEW} (also commas or spaces) → the posts. */
    static Set<Post> posts(String text) {
        Set<Post> posts = EnumSet.noneOf(Post.class);
        for (String p : text.trim().split("[+,\\s]+")) {
            if (p.isEmpty()) {
                continue;
            }
            try {
                posts.add(Post.valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + p + "' is not a post; posts are " + java.util.Arrays.toString(
                        Post.values()) + ", joined with '+'");
            }
        }
        if (posts.isEmpty()) {
            throw new IllegalArgumentException("--posts names no post; e.g. --posts ENTRY+REVIEW");
        }
        return posts;
    }

    static String describe(Credential c) {
        X509Certificate x = c.certificate();
        return c.alias() + ": serial " + c.serialHex() + ", subject " + c.subject() + ", valid until "
                + x.getNotAfter().toInstant();
    }
}
