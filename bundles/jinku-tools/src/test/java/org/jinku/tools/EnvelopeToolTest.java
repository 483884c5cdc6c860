package org.jinku.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.Post;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;
import org.jinku.eseal.ESeals;
import org.jinku.eseal.RawSigner;
import org.jinku.eseal.SealImages;
import org.jinku.eseal.SealSpec;

/** Envelopes signed and stamped here with real SM2 keys of a box (its own CA) and of a stranger (another CA). */
class EnvelopeToolTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final char[] PIN = "123456".toCharArray();

    @TempDir
    static Path box;
    @TempDir
    static Path stranger;

    static SoftCryptoProvider boxCrypto;
    static SoftCryptoProvider strangerCrypto;
    static String voucherBase64;

    @BeforeAll
    static void keys() throws Exception {
        boxCrypto = SoftCryptoProvider.open(box);
        strangerCrypto = SoftCryptoProvider.open(stranger);
        boxCrypto.enroll("finance/lr01", "finance", "lr01@finance", Credential.Kind.PERSON, Set.of(Post.ENTRY), PIN);
        boxCrypto.enroll("finance/org", "finance", "finance", Credential.Kind.ORGANISATION, Set.of(), PIN);
        boxCrypto.enroll("finance/seal-maker", "finance", "seal maker", Credential.Kind.ORGANISATION, Set.of(), PIN);
        strangerCrypto.enroll("mallory/org", "mallory", "mallory", Credential.Kind.ORGANISATION, Set.of(), PIN);
        String xml = "<?xml version=\"1.0\" encoding=\"GBK\"?><Voucher><AdmDivCode>210000</AdmDivCode>"
                + "<StYear>2026</StYear><VtCode>5201</VtCode><VoucherNo>T-1</VoucherNo>"
                + "<PayeeAcctName>某某单位</PayeeAcctName><PayAmt>100.00</PayAmt></Voucher>";
        voucherBase64 = Base64.getEncoder().encodeToString(xml.getBytes(GBK));
    }

    @Test
    void signedAndStampedByTheBoxIsValid() throws Exception {
        Path file = envelope(voucherBase64, List.of(signature("cz_lr", boxCrypto, "finance/lr01"),
                signature("cz_dwqz", boxCrypto, "finance/org")), stamp("cz_gz"));
        Result r = verify(file);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("signature 1 cz_lr | serial "), r.out);
        assertTrue(r.out.lines().filter(l -> l.contains("| SM3withSM2 | valid")).count() == 2, r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.startsWith("  stamp 1 cz_gz | seal 2100000001 | signer ")
                && l.endsWith("| valid")), r.out);
        assertTrue(r.out.contains("all valid and trusted"), r.out);
    }

    @Test
    void tamperedVoucherTextIsInvalid() throws Exception {
        List<String> sigs = List.of(signature("cz_lr", boxCrypto, "finance/lr01"));
        // One character of the base64 changed: still base64, no longer what was signed.
        char c = voucherBase64.charAt(10);
        String tampered = voucherBase64.substring(0, 10) + (c == 'A' ? 'B' : 'A') + voucherBase64.substring(11);
        Result r = verify(envelope(tampered, sigs, null));
        assertEquals(1, r.code, r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.contains("signature 1 cz_lr") && l.contains("| INVALID: ")), r.out);
        assertTrue(!r.out.contains("UNTRUSTED"), r.out);
    }

    @Test
    void signatureUnderAnotherCaIsMathematicallyValidButUntrusted() throws Exception {
        Result r = verify(envelope(voucherBase64, List.of(signature("cz_lr", boxCrypto, "finance/lr01"),
                signature("cz_dwqz", strangerCrypto, "mallory/org")), null));
        assertEquals(1, r.code, r.out);
        X509Certificate strangerCa = strangerCrypto.certificateAuthority().certificate();
        assertTrue(r.out.lines().anyMatch(l -> l.contains("signature 2 cz_dwqz") && l.endsWith(
                "| SM3withSM2 | valid signature, UNTRUSTED: issuer " + strangerCa.getSubjectX500Principal().getName()
                        + " is not a trusted CA")), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.contains("signature 1 cz_lr") && l.endsWith("| valid")), r.out);
    }

    @Test
    void unreadableFileExitsTwo() throws Exception {
        Path file = Files.writeString(box.resolve("not-xml.xml"), "this is not XML");
        assertEquals(2, verify(file).code);
        assertEquals(2, verify(box.resolve("missing.xml")).code);
    }

    // ------------------------------------------------------------------ helpers

    record Result(int code, String out) {
    }

    private static Result verify(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EnvelopeTool.run(new String[] {"verify", file.toString(), "--keys", box.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static String signature(String position, SoftCryptoProvider crypto, String alias) {
        byte[] cms = crypto.sign(alias, PIN, voucherBase64.getBytes(StandardCharsets.US_ASCII), CryptoProfile.DEFAULT);
        String sn = crypto.credential(alias).orElseThrow().serialHex().toLowerCase();
        return "<Signature No=\"" + position + "\" SN=\"" + sn + "\">" + Base64.getEncoder().encodeToString(cms)
                + "</Signature>";
    }

    /** A stamp of the finance's seal by its organisation key, over the untampered voucher text. */
    private static String stamp(String position) {
        RawSigner maker = signer("finance/seal-maker");
        RawSigner owner = signer("finance/org");
        Instant now = Instant.now();
        byte[] seal = ESeals.makeSeal(new SealSpec("2100000001", 2, "财务专用章", SealImages.round("财务专用章", 64), 40, 40,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), List.of(owner.certificate())), maker);
        byte[] ses = ESeals.stamp(seal, voucherBase64.getBytes(StandardCharsets.US_ASCII), position, owner, now);
        return "<SignStamp No=\"" + position + "\" ESID=\"2100000001\">" + Base64.getEncoder().encodeToString(ses)
                + "</SignStamp>";
    }

    private static RawSigner signer(String alias) {
        return new RawSigner() {
            @Override
            public X509Certificate certificate() {
                return boxCrypto.credential(alias).orElseThrow().certificate();
            }

            @Override
            public byte[] sign(byte[] tbs) {
                return boxCrypto.signRaw(alias, PIN, tbs, CryptoProfile.DEFAULT);
            }
        };
    }

    private static Path envelope(String voucher, List<String> signatures, String stamp) throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<MOF><VoucherCount>1</VoucherCount>"
                + "<VoucherBody AdmDivCode=\"210000\" StYear=\"2026\" VtCode=\"5201\" VoucherNo=\"T-1\">"
                + "<VoucherFlag>0</VoucherFlag><Attach>附件</Attach><Voucher>" + voucher + "</Voucher>"
                + "<SignStampList>" + (stamp == null ? "" : stamp) + "</SignStampList>"
                + "<SignatureList>" + String.join("", signatures) + "</SignatureList></VoucherBody></MOF>";
        return Files.write(Files.createTempFile(box, "envelope", ".xml"), xml.getBytes(GBK));
    }
}
