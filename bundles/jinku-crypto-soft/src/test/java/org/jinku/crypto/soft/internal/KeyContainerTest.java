package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.CryptoProvider;

/** Key containers: PINs, the lock and its reset, the PIN cache, and moving old PEM keys into containers. */
class KeyContainerTest {

    private static final char[] PIN = "123456".toCharArray();
    private static final char[] WRONG = "654321".toCharArray();
    private final byte[] text = "voucher".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private SoftCryptoProvider crypto;

    @BeforeEach
    void open() throws Exception {
        crypto = SoftCryptoProvider.open(dir);
    }

    private Credential enrollClerk(SoftCryptoProvider p, char[] pin) {
        return p.enroll("finance/lr01", "finance", "lr01@finance", Credential.Kind.PERSON, Set.of(), pin);
    }

    @Test
    void containerIsAPkcs12FileUnderThePinWithAes256AndPbkdf2Sha256() throws Exception {
        enrollClerk(crypto, PIN);
        Path p12 = dir.resolve("finance/lr01.p12");
        assertTrue(Files.exists(p12));
        assertTrue(Files.exists(dir.resolve("finance/lr01.crt")), "certificate readable without the PIN");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));
        PKCS12PfxPdu pfx = new PKCS12PfxPdu(Files.readAllBytes(p12));
        assertTrue(pfx.isMacValid(new org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider()
                .setProvider(new BouncyCastleProvider()), PIN));
        assertFalse(pfx.isMacValid(new org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider()
                .setProvider(new BouncyCastleProvider()), WRONG));
        assertEquals("2.16.840.1.101.3.4.2.1", pfx.getMacAlgorithmID().getAlgorithm().getId(), "MAC with SHA-256");
        String asn1 = "";
        for (var ci : pfx.getContentInfos()) {
            for (var bag : new org.bouncycastle.pkcs.PKCS12SafeBagFactory(ci).getSafeBags()) {
                if (bag.getBagValue() instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo k) {
                    asn1 += org.bouncycastle.asn1.util.ASN1Dump.dumpAsString(k.getEncryptionAlgorithm(), true);
                }
            }
        }
        assertTrue(asn1.contains("1.2.840.113549.1.5.13"), "PBES2");
        assertTrue(asn1.contains("2.16.840.1.101.3.4.1.42"), "AES-256-CBC");
        assertTrue(asn1.contains("1.2.840.113549.2.9"), "PBKDF2 with HMAC-SHA256");
    }

    @Test
    void noMethodHandsOutAPrivateKey() {
        for (Method m : CryptoProvider.class.getMethods()) {
            assertFalse(PrivateKey.class.isAssignableFrom(m.getReturnType()), m.getName());
        }
        for (Method m : SoftCryptoProvider.class.getMethods()) {
            assertFalse(PrivateKey.class.isAssignableFrom(m.getReturnType()), m.getName());
        }
    }

    @Test
    void everyPrivateKeyOperationNeedsTheRightPin() {
        Credential c = enrollClerk(crypto, PIN);
        CryptoProfile p = CryptoProfile.DEFAULT;
        JinkuException e = assertThrows(JinkuException.class, () -> crypto.sign("finance/lr01", WRONG, text, p));
        assertEquals(RejectCode.WRONG_PIN, e.code());
        assertEquals("wrong PIN for key container finance/lr01 (4 of 5 tries left)", e.getMessage());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", WRONG, text, p)).code());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.renew("finance/lr01", WRONG)).code());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.changePin("finance/lr01", WRONG, "111111".toCharArray())).code());
        byte[] env = crypto.encrypt(c.certificate(), text, p);
        JinkuException d = assertThrows(JinkuException.class, () -> crypto.decrypt("finance/lr01", WRONG, env, p));
        assertEquals(RejectCode.KEY_LOCKED, d.code(), "the fifth wrong PIN in a row locks");
    }

    @Test
    void fiveWrongPinsInARowLockTheContainerAcrossARestartUntilReset() throws Exception {
        enrollClerk(crypto, PIN);
        for (int i = 1; i <= 4; i++) {
            JinkuException e = assertThrows(JinkuException.class,
                    () -> crypto.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT));
            assertEquals(RejectCode.WRONG_PIN, e.code());
            assertTrue(e.getMessage().contains("(" + (5 - i) + " of 5 tries left)"), e.getMessage());
        }
        JinkuException fifth = assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.KEY_LOCKED, fifth.code());
        // locked: even the right PIN is refused, and a restart does not unlock
        assertEquals(RejectCode.KEY_LOCKED, assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT)).code());
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        JinkuException locked = assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.KEY_LOCKED, locked.code());
        assertTrue(locked.getMessage().contains("security administrator"), locked.getMessage());

        // the reset on the provider that holds the key keeps key and certificate
        Credential before = crypto.credential("finance/lr01").orElseThrow();
        char[] fresh = "246810".toCharArray();
        crypto.resetPin("finance/lr01", fresh);
        byte[] cms = crypto.sign("finance/lr01", fresh, text, CryptoProfile.DEFAULT);
        assertEquals(before.serialHex(), crypto.verify(text, cms, CryptoProfile.DEFAULT).serialHex());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT)).code());
        // and it is persisted: a restart opens with the new PIN
        SoftCryptoProvider again = SoftCryptoProvider.open(dir);
        again.signRaw("finance/lr01", fresh, text, CryptoProfile.DEFAULT);
    }

    @Test
    void aResetAfterARestartCannotReadTheOldKeyAndIssuesANewOne() throws Exception {
        Credential before = enrollClerk(crypto, PIN);
        for (int i = 0; i < 5; i++) {
            assertThrows(JinkuException.class, () -> crypto.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT));
        }
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        char[] fresh = "135790".toCharArray();
        restarted.resetPin("finance/lr01", fresh);
        Credential after = restarted.credential("finance/lr01").orElseThrow();
        assertNotEquals(before.serialHex(), after.serialHex());
        assertEquals(before.subject(), after.subject());
        byte[] cms = restarted.sign("finance/lr01", fresh, text, CryptoProfile.DEFAULT);
        assertEquals(after.serialHex(), restarted.verify(text, cms, CryptoProfile.DEFAULT).serialHex());
    }

    @Test
    void aRightPinResetsTheCountOfWrongOnes() {
        enrollClerk(crypto, PIN);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                        () -> crypto.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT)).code());
            }
            crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        }
    }

    @Test
    void withoutPinCacheANullPinIsRefused() {
        enrollClerk(crypto, PIN);
        crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        JinkuException e = assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", null, text, CryptoProfile.DEFAULT));
        assertEquals(RejectCode.WRONG_PIN, e.code());
        assertEquals("PIN required for key container finance/lr01", e.getMessage());
        // a missing PIN is no wrong guess: it does not count towards the lock
        for (int i = 0; i < 10; i++) {
            assertThrows(JinkuException.class, () -> crypto.signRaw("finance/lr01", null, text, CryptoProfile.DEFAULT));
        }
        crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
    }

    @Test
    void withPinCacheANullPinIsAcceptedAfterARightOne() throws Exception {
        SoftCryptoProvider cached = SoftCryptoProvider.open(dir, Map.of("pin.cache.seconds", "300"));
        enrollClerk(cached, PIN);
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir, Map.of("pin.cache.seconds", "300"));
        // after a restart no PIN has been given yet
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/lr01", null, text, CryptoProfile.DEFAULT)).code());
        restarted.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        byte[] cms = restarted.sign("finance/lr01", null, text, CryptoProfile.DEFAULT);
        restarted.verify(text, cms, CryptoProfile.DEFAULT);
        // a wrong PIN is still wrong when the cache would have accepted none
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT)).code());
        // other containers are not opened by this one's PIN
        cached.enroll("finance/org", "finance", "Finance", Credential.Kind.ORGANISATION, Set.of(), PIN);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/org", null, text, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void pinCacheExpires() throws Exception {
        SoftCryptoProvider cached = SoftCryptoProvider.open(dir, Map.of("pin.cache.seconds", "1"));
        enrollClerk(cached, PIN);
        cached.signRaw("finance/lr01", null, text, CryptoProfile.DEFAULT);
        Thread.sleep(1100);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> cached.signRaw("finance/lr01", null, text, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void changePinNeedsTheOldOneAndTheNewOneOpensAfterARestart() throws Exception {
        enrollClerk(crypto, PIN);
        char[] fresh = "777888".toCharArray();
        crypto.changePin("finance/lr01", PIN, fresh);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> crypto.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT)).code());
        crypto.signRaw("finance/lr01", fresh, text, CryptoProfile.DEFAULT);
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> restarted.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT)).code());
        restarted.signRaw("finance/lr01", fresh, text, CryptoProfile.DEFAULT);
    }

    @Test
    void enrollOfAnExistingContainerNeedsItsPin() {
        Credential c = enrollClerk(crypto, PIN);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class, () -> enrollClerk(crypto, WRONG)).code());
        assertEquals(c.serialHex(), enrollClerk(crypto, PIN).serialHex());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class, () -> crypto.enroll("x/new", "x", "x",
                Credential.Kind.PERSON, Set.of(), null)).code(), "a new container needs a PIN");
    }

    @Test
    void noSuchContainerIsNotAuthorized() {
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> crypto.sign("nobody/x", PIN, text, CryptoProfile.DEFAULT)).code());
        assertEquals(RejectCode.NOT_AUTHORIZED, assertThrows(JinkuException.class,
                () -> crypto.resetPin("nobody/x", PIN)).code());
        assertTrue(crypto.credential("nobody/x").isEmpty());
    }

    @Test
    void renewGivesANewKeyAndKeepsTheOldOneForEnvelopesStillAddressedToIt() throws Exception {
        Credential old = crypto.enroll("bank/org", "bank", "Bank", Credential.Kind.ORGANISATION, Set.of(), PIN);
        byte[] forOld = crypto.encrypt(old.certificate(), text, CryptoProfile.DEFAULT);
        byte[] oldCms = crypto.sign("bank/org", PIN, text, CryptoProfile.DEFAULT);
        Credential renewed = crypto.renew("bank/org", PIN);
        assertNotEquals(old.serialHex(), renewed.serialHex());
        assertEquals(old.subject(), renewed.subject());
        assertNotEquals(old.certificate().getPublicKey(), renewed.certificate().getPublicKey());
        assertEquals(renewed.serialHex(), crypto.credential("bank/org").orElseThrow().serialHex());
        // the old certificate still verifies for peers (overlap), new signatures come from the new key
        assertEquals(old.serialHex(), crypto.verify(text, oldCms, CryptoProfile.DEFAULT).serialHex());
        assertEquals(renewed.serialHex(), crypto.verify(text, crypto.sign("bank/org", PIN, text,
                CryptoProfile.DEFAULT), CryptoProfile.DEFAULT).serialHex());
        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        assertArrayEquals(text, restarted.decrypt("bank/org", PIN, forOld, CryptoProfile.DEFAULT));
    }

    /** Boxes set up before containers kept PEM keys (alias.key + alias.crt): enroll moves them in. */
    @Test
    void oldPemKeysMoveIntoAContainerAtEnrollAndThePemKeyIsDeleted() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", bc);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        KeyPair kp = g.generateKeyPair();
        var cert = crypto.certificateAuthority().issue("CN=lr01@finance,OU=Person,O=finance,C=CN", kp.getPublic(),
                Credential.Kind.PERSON);
        Files.createDirectories(dir.resolve("finance"));
        Files2.writePem(dir.resolve("finance/lr01.key"), kp.getPrivate());
        Files2.writePem(dir.resolve("finance/lr01.crt"), cert);

        SoftCryptoProvider restarted = SoftCryptoProvider.open(dir);
        assertEquals(cert, restarted.credential("finance/lr01").orElseThrow().certificate(), "known before the move");
        Credential moved = enrollClerk(restarted, PIN);
        assertEquals(cert, moved.certificate(), "same key and certificate, now in a container");
        assertFalse(Files.exists(dir.resolve("finance/lr01.key")), "the PEM key is deleted");
        assertTrue(Files.exists(dir.resolve("finance/lr01.p12")));
        byte[] raw = restarted.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
        restarted.verifyRaw(cert, text, raw, CryptoProfile.DEFAULT);
        java.security.Signature v = java.security.Signature.getInstance("SM3withSM2", bc);
        v.initVerify(kp.getPublic());
        v.update(text);
        assertTrue(v.verify(raw), "signed by the old PEM key");
        SoftCryptoProvider again = SoftCryptoProvider.open(dir);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> again.signRaw("finance/lr01", WRONG, text, CryptoProfile.DEFAULT)).code());
        again.signRaw("finance/lr01", PIN, text, CryptoProfile.DEFAULT);
    }
}
