package org.jinku.api;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * What a certificate's subject says about its holder, read the way the issuing party's CA writes it:
 * {@code O} the organisation (party), {@code OU=Organisation} or {@code OU=Person} the kind, and for a
 * person {@code T} (title) the posts (岗位) the party has given them, space-separated, e.g.
 * {@code CN=lr01@finance,T=ENTRY,OU=Person,O=finance,C=CN}. The CA attests the posts, so a receiver
 * need not take the sender's word for who holds which post.
 */
public record CertificateSubject(String commonName, String organisation, Credential.Kind kind, Set<Post> posts) {

    private static final Map<String, String> TITLE = Map.of("2.5.4.12", "T");

    public CertificateSubject {
        posts = posts.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(posts));
    }

    public static CertificateSubject of(X509Certificate certificate) {
        return of(certificate.getSubjectX500Principal());
    }

    public static CertificateSubject of(X500Principal principal) {
        String cn = "";
        String o = "";
        Credential.Kind kind = null;
        Set<Post> posts = EnumSet.noneOf(Post.class);
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253, TITLE)).getRdns()) {
                String type = rdn.getType().toUpperCase(Locale.ROOT);
                String value = String.valueOf(rdn.getValue());
                switch (type) {
                    case "CN" -> cn = value;
                    case "O" -> o = value;
                    case "OU" -> {
                        if (value.equalsIgnoreCase("Organisation")) {
                            kind = Credential.Kind.ORGANISATION;
                        } else if (value.equalsIgnoreCase("Person")) {
                            kind = Credential.Kind.PERSON;
                        }
                    }
                    case "T" -> {
                        for (String p : value.trim().split("\\s+")) {
                            try {
                                posts.add(Post.valueOf(p.toUpperCase(Locale.ROOT)));
                            } catch (IllegalArgumentException unknownPost) {
                                // a title that is no post of ours grants nothing
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (InvalidNameException e) {
            // an unparsable subject names nobody: no organisation, no kind, no posts
        }
        return new CertificateSubject(cn, o, kind, posts);
    }

    /** The title value that grants {@code posts}, as a CA writes it into the subject. */
    public static String title(Set<Post> posts) {
        return String.join(" ", posts.stream().sorted().map(Post::name).toList());
    }
}
