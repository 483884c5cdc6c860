package org.jinku.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.x500.X500Principal;

import org.jinku.api.CertificateSubject;
import org.jinku.api.Credential;
import org.jinku.api.JinkuException;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CryptoProvider;

/**
 * The peers of a node and how to know their signatures. A signature counts for a party only when its
 * certificate is that party's: issued by the party's CA and naming the party's organisation, and, for
 * an organisation position, the party's organisation certificate itself; for a personal position, a
 * person's certificate whose CA-attested posts include the position's post. Who sent a message is then
 * read from its signatures, not from what the transport or the sender says.
 */
final class Peers {

    /** A peer as this node knows it: its transport address and party role. */
    record Peer(String address, PartyRole role) {
    }

    /** The peer's organisation certificate identity: exact certificate when pinned, else CA and subject. */
    private record Identity(X509Certificate pinned, X500Principal issuer, X500Principal subject, String organisation) {
    }

    private final NodeSettings settings;
    private final CryptoProvider crypto;
    private final Map<String, Identity> resolved = new ConcurrentHashMap<>();
    /** Box peers' organisation certificates as the shared provider holds them: what payload keys are wrapped for. */
    private final Map<String, X509Certificate> boxCertificates = new ConcurrentHashMap<>();

    /** Configured identities are read now, so a wrong file or subject stops the node with a clear message. */
    Peers(NodeSettings settings, CryptoProvider crypto) {
        this.settings = settings;
        this.crypto = crypto;
        for (String address : settings.peerIdentities().keySet()) {
            byAddress(address).ifPresent(this::identity);
        }
    }

    Optional<Peer> byAddress(String address) {
        return settings.peerRole(address).map(r -> new Peer(address, r));
    }

    /**
     * Checks that an organisation position (or an acknowledgement, or a 回单) is signed by {@code peer}'s
     * organisation certificate.
     */
    void requireOrganisation(Peer peer, X509Certificate cert, String what) {
        Identity id = identity(peer);
        if (isOrganisation(id, cert)) {
            return;
        }
        if (belongs(id, cert)) {
            throw new JinkuException(RejectCode.NOT_ORGANISATION_CERTIFICATE, what + " must carry the organisation"
                    + " signature of " + peer.address() + " (" + peer.role() + "), but is signed by "
                    + name(cert));
        }
        throw new JinkuException(RejectCode.SIGNER_NOT_OF_PARTY, what + " is signed by " + name(cert)
                + ", which is not a certificate of " + peer.address() + " (" + peer.role() + ")");
    }

    /** Checks that a personal position is signed by a person of {@code peer} who holds {@code post}. */
    void requirePerson(Peer peer, X509Certificate cert, Post post, String what) {
        String personCa = settings.personCas().get(peer.address());
        if (personCa != null && sameName(personCa, cert.getIssuerX500Principal().getName())) {
            // An operator key of the configured person CA (peer.<address>.person.ca), e.g. the MOF CA's: it attests
            // no post, and the peer's store bound the signer to the post when it stored the voucher.
            return;
        }
        Identity id = identity(peer);
        if (!belongs(id, cert)) {
            throw new JinkuException(RejectCode.SIGNER_NOT_OF_PARTY, what + " is signed by " + name(cert)
                    + ", which is not a certificate of " + peer.address() + " (" + peer.role() + ")");
        }
        CertificateSubject subject = CertificateSubject.of(cert);
        if (isOrganisation(id, cert) || subject.kind() != Credential.Kind.PERSON) {
            throw new JinkuException(RejectCode.NOT_PERSONAL_CERTIFICATE, what + " needs a person's signature"
                    + " (post " + post + "), but is signed by the organisation certificate " + name(cert));
        }
        if (!subject.posts().contains(post)) {
            throw new JinkuException(RejectCode.POST_NOT_HELD, what + " needs post " + post + " (" + post.label()
                    + "), but " + name(cert) + " holds " + (subject.posts().isEmpty() ? "no post"
                    : subject.posts().toString()));
        }
    }

    /** Checks that {@code cert} is a certificate of {@code peer}'s party (its organisation or one of its people). */
    void requireBelongs(Peer peer, X509Certificate cert, String what) {
        Identity id = identity(peer);
        if (!belongs(id, cert) && !isOrganisation(id, cert)) {
            throw new JinkuException(RejectCode.SIGNER_NOT_OF_PARTY, what + " " + name(cert)
                    + " is not a certificate of " + peer.address() + " (" + peer.role() + ")");
        }
    }

    /**
     * The peer's organisation certificate, to wrap payload keys for it: known for peers of this box and peers
     * configured with {@code peer.<address>.certificate}.
     */
    X509Certificate organisationCertificate(String address) {
        Peer peer = byAddress(address).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_PEER,
                address + " is not a peer of node " + settings.name()));
        X509Certificate cert = identity(peer).pinned();
        if (cert == null) {
            cert = boxCertificates.get(address);
        }
        if (cert == null) {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "payload encryption for " + address
                    + " needs its certificate: configure peer." + address + ".certificate");
        }
        return cert;
    }

    private static boolean isOrganisation(Identity id, X509Certificate cert) {
        if (id.pinned() != null) {
            return id.pinned().equals(cert);
        }
        return id.subject().equals(cert.getSubjectX500Principal()) && id.issuer().equals(cert.getIssuerX500Principal());
    }

    private static boolean belongs(Identity id, X509Certificate cert) {
        return id.issuer().equals(cert.getIssuerX500Principal()) && !id.organisation().isEmpty()
                && id.organisation().equals(CertificateSubject.of(cert).organisation());
    }

    /**
     * Whether two distinguished names have the same attributes, in whatever order: a name typed into a cfg
     * ("CN=MOF CA,O=…,C=CN") is often written the other way round from how the certificate encodes it.
     */
    static boolean sameName(String a, String b) {
        try {
            return new java.util.HashSet<>(new javax.naming.ldap.LdapName(a).getRdns())
                    .equals(new java.util.HashSet<>(new javax.naming.ldap.LdapName(b).getRdns()));
        } catch (javax.naming.InvalidNameException e) {
            return false;
        }
    }

    private static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + " (SN " + cert.getSerialNumber().toString(16) + ")";
    }

    private Identity identity(Peer peer) {
        return resolved.computeIfAbsent(peer.address(), a -> resolve(peer));
    }

    private Identity resolve(Peer peer) {
        NodeSettings.PeerIdentityConfig c = settings.peerIdentities().get(peer.address());
        if (c != null && !c.certificateFile().isEmpty()) {
            X509Certificate cert = readCertificate(Path.of(c.certificateFile()));
            return new Identity(cert, cert.getIssuerX500Principal(), cert.getSubjectX500Principal(),
                    CertificateSubject.of(cert).organisation());
        }
        if (c != null) {
            X500Principal subject = new X500Principal(c.orgSubject());
            return new Identity(null, new X500Principal(c.caSubject()), subject,
                    CertificateSubject.of(subject).organisation());
        }
        // A node of this box: the shared crypto provider holds its organisation credential. It is known by its
        // CA and subject, not pinned to today's certificate, so a renewed key or one moved into an HSM still
        // counts (the CA vouches for both).
        X509Certificate cert = crypto.credential(peer.address() + "/org").map(Credential::certificate)
                .orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "peer " + peer.address()
                        + " has no organisation certificate here; configure peer." + peer.address()
                        + ".certificate, or peer." + peer.address() + ".ca and .subject"));
        boxCertificates.put(peer.address(), cert);
        return new Identity(null, cert.getIssuerX500Principal(), cert.getSubjectX500Principal(),
                CertificateSubject.of(cert).organisation());
    }

    private X509Certificate readCertificate(Path file) {
        try {
            return crypto.readCertificate(Files.readAllBytes(file));
        } catch (IOException | JinkuException e) {
            throw new IllegalArgumentException("node " + settings.name() + ": cannot read peer certificate " + file
                    + ": " + e.getMessage(), e);
        }
    }
}
