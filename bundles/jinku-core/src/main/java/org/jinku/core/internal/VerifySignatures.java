package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jinku.api.CertificateSubject;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.VoucherStore;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * Verifies the signature at every stamp position the type requires, over the exact base64 text, and
 * binds each to the sending party: an organisation position to the peer's organisation certificate, a
 * personal one to a person of the peer who holds the position's post; no person signs two posts.
 */
final class VerifySignatures implements InboundStep {

    private final CryptoProvider crypto;
    private final Peers peers;
    private final NodeSettings settings;
    private final Revocations revocations;

    VerifySignatures(CryptoProvider crypto, Peers peers, NodeSettings settings, Revocations revocations) {
        this.crypto = crypto;
        this.peers = peers;
        this.settings = settings;
        this.revocations = revocations;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        byte[] content = in.entry.voucherBase64().getBytes(StandardCharsets.US_ASCII);
        List<SignatureRow> out = new ArrayList<>();
        List<String> personalSigners = new ArrayList<>();
        for (StampPosition p : in.type.positions(in.flag())) {
            SignatureEntry sig = in.entry.signatures().stream().filter(g -> g.position().equals(p.no())).findFirst()
                    .orElseThrow(() -> new JinkuException(RejectCode.MISSING_SIGNATURE, "signature at position "
                            + p.no() + " (" + p.label() + ") is missing"));
            String what = "signature at " + p.no() + " (" + p.label() + ")";
            VerifiedSignature v = verifyOne(crypto, revocations, settings.profile(in.peer.address()), content, sig, what);
            if (p.organisation()) {
                peers.requireOrganisation(in.peer, v.signer(), what);
            } else {
                peers.requirePerson(in.peer, v.signer(), p.post(), what);
                // The same person, whatever certificate: one per post, or a new one after a change of post.
                CertificateSubject who = CertificateSubject.of(v.signer());
                String person = v.signer().getIssuerX500Principal().getName() + "|" + who.organisation() + "|"
                        + who.commonName();
                if (personalSigners.contains(person)) {
                    throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, what + " is by " + who.commonName()
                            + " of " + who.organisation() + ", who already signed another post of this voucher");
                }
                personalSigners.add(person);
            }
            out.add(new SignatureRow(0, out.size() + 1, p.no(), null, p.post().name(), v.serialHex(), v.subject(),
                    sig.cmsBase64(), Instant.now()));
        }
        in.signatures = out;
    }

    /**
     * One envelope signature over the exact text: base64, a valid CMS under a trusted CA, its signer not revoked,
     * and the certificate its SN names. Whose it is, the caller decides.
     */
    static VerifiedSignature verifyOne(CryptoProvider crypto, Revocations revocations, CryptoProfile profile,
                                       byte[] content, SignatureEntry sig, String what) {
        byte[] cms;
        try {
            cms = Base64.getMimeDecoder().decode(sig.cmsBase64());
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, what + " is not base64");
        }
        VerifiedSignature v;
        try {
            v = crypto.verify(content, cms, profile);
            revocations.check(v.signer(), "signer");
        } catch (JinkuException e) {
            throw new JinkuException(e.code(), what + ": " + e.getMessage());
        }
        if (!sig.certSerialHex().isEmpty() && !sig.certSerialHex().equalsIgnoreCase(v.serialHex())) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, what + " claims SN " + sig.certSerialHex()
                    + " but was made with certificate " + v.serialHex());
        }
        return v;
    }
}
