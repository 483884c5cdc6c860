package org.jinku.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CryptoProvider;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;
import org.jinku.eseal.ESeals;
import org.jinku.eseal.Stamp;

/**
 * {@code jinku envelope verify FILE [--keys DIR]}: checks every signature (签名) and stamp (签章) of an MOF
 * envelope offline, without Karaf, against the CAs a box trusts: its box CA and the peers' CAs in
 * {@code DIR/trust} ({@code DIR} is the box's {@code ${karaf.data}/jinku/keys}). One line per signature and per
 * stamp; a signature whose mathematics holds but whose issuer is not trusted here says so apart from a broken one.
 *
 * <p>Exit code 0 when every signature and stamp is valid and trusted, 1 otherwise, 2 when the envelope or the
 * key directory cannot be read.
 */
public final class EnvelopeTool {

    static final int OK = 0;
    static final int NOT_VALID = 1;
    static final int UNREADABLE = 2;

    private static final Map<String, String> TITLE = Map.of("2.5.4.12", "T");

    private final CryptoProvider crypto;
    private final Provider bc = new BouncyCastleProvider();
    private final Optional<X509CRL> boxCrl;
    private final PrintStream out;
    private int problems;

    private EnvelopeTool(CryptoProvider crypto, Optional<X509CRL> boxCrl, PrintStream out) {
        this.crypto = crypto;
        this.boxCrl = boxCrl;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line without exiting: for the script's {@code main} and for tests. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("verify")) {
            err.println("usage: jinku envelope verify FILE [--keys DIR]");
            return UNREADABLE;
        }
        Path file = Path.of(args[1]);
        Path keys = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--keys") && i + 1 < args.length) {
                keys = Path.of(args[++i]);
            } else {
                err.println("unknown argument: " + args[i]);
                return UNREADABLE;
            }
        }
        if (keys == null) {
            keys = Path.of(System.getProperty("karaf.data", "data"), "jinku", "keys");
        }
        // Refuse a directory without a box CA: opening it would make one, and trust nothing that matters.
        if (!Files.isRegularFile(keys.resolve("ca").resolve("ca.crt"))) {
            err.println("no box CA in " + keys + " (ca/ca.crt): start the appliance once, or give --keys DIR");
            return UNREADABLE;
        }
        MofEnvelope envelope;
        try {
            envelope = MofEnvelope.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            err.println("no such file: " + file);
            return UNREADABLE;
        } catch (IOException | IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return UNREADABLE;
        }
        SoftCryptoProvider crypto;
        try {
            crypto = SoftCryptoProvider.open(keys);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("cannot read the keys in " + keys + ": " + e.getMessage());
            return UNREADABLE;
        }
        EnvelopeTool tool = new EnvelopeTool(crypto, boxCrl(crypto, keys), out);
        return tool.verify(envelope);
    }

    private static Optional<X509CRL> boxCrl(CryptoProvider crypto, Path keys) {
        Path crl = keys.resolve("ca").resolve("crl.der");
        try {
            return Files.exists(crl) ? Optional.of(crypto.readCrl(Files.readAllBytes(crl))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private int verify(MofEnvelope envelope) {
        if (envelope.bodies().isEmpty()) {
            out.println("envelope: no VoucherBody");
            return NOT_VALID;
        }
        int signatures = 0;
        int stamps = 0;
        for (MofEnvelope.Body b : envelope.bodies()) {
            out.printf("voucher %s flag %s: %d signature(s), %d stamp(s)%n", b.key(), b.flag(), b.signatures().size(),
                    b.stamps().size());
            if (b.signatures().isEmpty()) {
                out.println("  INVALID: no signature");
                problems++;
            }
            byte[] content = b.voucherBase64().getBytes(StandardCharsets.US_ASCII);
            int i = 0;
            for (MofEnvelope.Signature s : b.signatures()) {
                out.println("  " + signature(++i, s, content));
                signatures++;
            }
            i = 0;
            for (MofEnvelope.Stamp s : b.stamps()) {
                out.println("  " + stamp(++i, s, content));
                stamps++;
            }
        }
        out.printf("envelope: %d signature(s), %d stamp(s): %s%n", signatures, stamps,
                problems == 0 ? "all valid and trusted" : problems + " not valid or not trusted");
        return problems == 0 ? OK : NOT_VALID;
    }

    private String signature(int n, MofEnvelope.Signature s, byte[] content) {
        String head = "signature " + n + " " + (s.position().isEmpty() ? "(no position)" : s.position());
        byte[] cms;
        try {
            cms = Base64.getMimeDecoder().decode(s.cmsBase64());
        } catch (IllegalArgumentException e) {
            return bad(head + " | serial " + orNone(s.serialHex()) + " | ? | ? | INVALID: not base64");
        }
        CmsSignature sig;
        try {
            sig = CmsSignature.read(cms, content, crypto);
        } catch (IllegalArgumentException | JinkuException e) {
            return bad(head + " | serial " + orNone(s.serialHex()) + " | ? | ? | INVALID: " + e.getMessage());
        }
        X509Certificate cert = sig.signer();
        String line = head + " | serial " + serial(cert) + " | " + subject(cert) + " | " + sig.algorithm() + " | ";
        String math = sig.mathematicsProblem(content, crypto, bc);
        if (math != null) {
            return bad(line + "INVALID: " + math);
        }
        if (!s.serialHex().isEmpty() && !s.serialHex().equalsIgnoreCase(serial(cert))) {
            return bad(line + "INVALID: SN " + s.serialHex() + " names another certificate than the signer's");
        }
        String trust = trustProblem(cert, "signature");
        if (trust != null) {
            return bad(line + trust);
        }
        // The provider's own judgement as a node makes it (either identifiers, either SM2 encoding).
        try {
            crypto.verify(content, cms, CryptoProfile.DEFAULT);
        } catch (JinkuException e) {
            return bad(line + "INVALID: " + e.getMessage());
        }
        return line + "valid";
    }

    private String stamp(int n, MofEnvelope.Stamp s, byte[] content) {
        String head = "stamp " + n + " " + (s.position().isEmpty() ? "(no position)" : s.position());
        Stamp stamp;
        try {
            stamp = ESeals.parseStamp(Base64.getMimeDecoder().decode(s.sesSignatureBase64()));
        } catch (IllegalArgumentException | JinkuException e) {
            return bad(head + " | seal " + orNone(s.sealId()) + " | signer ? | ? | INVALID: " + e.getMessage());
        }
        X509Certificate signer = stamp.signer();
        String line = head + " | seal " + stamp.seal().esId() + " | signer " + serial(signer) + " | "
                + subject(signer) + " | ";
        if (!s.sealId().isEmpty() && !s.sealId().equals(stamp.seal().esId())) {
            return bad(line + "INVALID: ESID " + s.sealId() + " is not the seal stamped (" + stamp.seal().esId() + ")");
        }
        try {
            // Mathematics first (signer over the stamp, maker over the seal, data hash, seal validity at the stamp's
            // time), then trust in the two certificates, so an unknown CA reads apart from a forgery.
            ESeals.verifyStamp(stamp, content, ESeals.verifier(), stamp.time());
        } catch (JinkuException | IllegalArgumentException e) {
            return bad(line + "INVALID: " + e.getMessage());
        }
        String trust = trustProblem(signer, "stamp");
        if (trust == null && stamp.seal().maker() != null) {
            trust = trustProblem(stamp.seal().maker(), "stamp");
        }
        return trust == null ? line + "valid" : bad(line + trust);
    }

    /** Null when {@code cert} is trusted and not revoked by the box CA, else the verdict's text. */
    private String trustProblem(X509Certificate cert, String what) {
        try {
            crypto.trust(cert);
        } catch (JinkuException e) {
            if (e.code() == RejectCode.UNKNOWN_CERTIFICATE) {
                return "valid " + what + ", UNTRUSTED: issuer " + cert.getIssuerX500Principal().getName()
                        + " is not a trusted CA";
            }
            return "INVALID: " + e.getMessage();
        }
        if (boxCrl.isPresent() && boxCrl.get().getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
            X509CRLEntry entry = boxCrl.get().getRevokedCertificate(cert.getSerialNumber());
            if (entry != null) {
                return "INVALID: certificate " + serial(cert) + " revoked on " + entry.getRevocationDate().toInstant();
            }
        }
        return null;
    }

    private String bad(String line) {
        problems++;
        return line;
    }

    private static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16).toUpperCase();
    }

    private static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName(X500Principal.RFC2253, TITLE);
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "?" : s;
    }
}
