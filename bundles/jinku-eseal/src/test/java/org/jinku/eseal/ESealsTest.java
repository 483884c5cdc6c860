package org.jinku.eseal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1Sequence;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ESealsTest {

    private static final byte[] VOUCHER = Base64.getEncoder()
            .encode("<Voucher><PayAmt>1234.56</PayAmt></Voucher>".getBytes(StandardCharsets.UTF_8));
    private static final RawVerifier MATH = ESeals.verifier();

    private static TestKeys keys;
    private static TestKeys.Holder maker;
    private static TestKeys.Holder bankOrg;
    private static TestKeys.Holder clerk;
    private static TestKeys.Holder stranger;

    @BeforeAll
    static void keys() {
        keys = new TestKeys();
        maker = keys.issue("Test Bank", "seal-maker");
        bankOrg = keys.issue("Test Bank", "org");
        clerk = keys.issue("Test Bank", "clerk01");
        stranger = keys.issue("Other Bank", "org");
    }

    private static Instant now() {
        return Instant.now();
    }

    private static SealSpec spec(String esId, List<X509Certificate> owners) {
        return Fixtures.spec(esId, now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)), owners);
    }

    private static JinkuException badSeal(Runnable r, String messagePart) {
        JinkuException e = assertThrows(JinkuException.class, r::run);
        assertEquals(RejectCode.BAD_SEAL, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should say '" + messagePart + "'");
        return e;
    }

    @Test
    void v4SealRoundTrip() {
        SealSpec spec = spec("ES-BANK-0001", List.of(bankOrg.cert()));
        byte[] der = ESeals.makeSeal(spec, maker);

        Seal seal = ESeals.parseSeal(der);
        assertEquals(4, seal.version());
        assertEquals("ES-BANK-0001", seal.esId());
        assertEquals(2, seal.type());
        assertEquals("测试银行财务专用章", seal.name());
        assertEquals("PNG", seal.imageType());
        assertArrayEquals(spec.png(), seal.image());
        assertEquals(40, seal.widthMm());
        assertEquals(40, seal.heightMm());
        assertEquals(spec.validStart().truncatedTo(ChronoUnit.SECONDS), seal.validStart());
        assertEquals(spec.validEnd().truncatedTo(ChronoUnit.SECONDS), seal.validEnd());
        assertNotNull(seal.createDate());
        assertEquals(1, seal.certListType());
        assertEquals(1, seal.ownerCertificates().size());
        assertArrayEquals(Fixtures.der(bankOrg.cert()), seal.ownerCertificates().get(0));
        assertEquals(maker.cert(), seal.maker());
        assertEquals("1.2.156.10197.1.501", seal.signAlgorithm());
        assertArrayEquals(der, seal.der());
        // What the maker signed is DER(SES_SealInfo): the first element of the SESeal.
        assertArrayEquals(Fixtures.der(ASN1Sequence.getInstance(der).getObjectAt(0)), seal.tbs());

        ESeals.verifySeal(seal, MATH, now());
    }

    @Test
    void stampVerifies() {
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0002", List.of(bankOrg.cert(), clerk.cert())), maker);
        Instant time = now();
        byte[] stampDer = ESeals.stamp(sealDer, VOUCHER, "yh_qz", clerk, time);

        Stamp stamp = ESeals.parseStamp(stampDer);
        assertEquals(4, stamp.version());
        assertEquals("ES-BANK-0002", stamp.seal().esId());
        assertArrayEquals(sealDer, stamp.seal().der());
        assertEquals(time.truncatedTo(ChronoUnit.SECONDS), stamp.time());
        assertArrayEquals(ESeals.sm3(VOUCHER), stamp.dataHash());
        assertEquals("yh_qz", stamp.propertyInfo());
        assertEquals(clerk.cert(), stamp.signer());
        assertArrayEquals(stampDer, stamp.der());

        ESeals.verifyStamp(stamp, VOUCHER, MATH, now());
    }

    @Test
    void tamperedVoucherIsRefusedNamingTheHash() {
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0003", List.of(bankOrg.cert())), maker);
        Stamp stamp = ESeals.parseStamp(ESeals.stamp(sealDer, VOUCHER, "yh_qz", bankOrg, now()));
        byte[] tampered = VOUCHER.clone();
        tampered[5] ^= 1;
        badSeal(() -> ESeals.verifyStamp(stamp, tampered, MATH, now()),
                "stamp: data hash does not match the voucher");
    }

    @Test
    void sealSignedByAnotherKeyIsRefused() {
        // Claims the maker's certificate but signs with another key.
        RawSigner forger = new RawSigner() {
            @Override
            public X509Certificate certificate() {
                return maker.cert();
            }

            @Override
            public byte[] sign(byte[] tbs) {
                return stranger.sign(tbs);
            }
        };
        Seal seal = ESeals.parseSeal(ESeals.makeSeal(spec("ES-FORGED", List.of(bankOrg.cert())), forger));
        badSeal(() -> ESeals.verifySeal(seal, MATH, now()), "seal ES-FORGED: maker signature does not verify");
    }

    @Test
    void tamperedSealContentIsRefused() {
        byte[] der = ESeals.makeSeal(spec("ES-BANK-0004", List.of(bankOrg.cert())), maker);
        // Change one byte of the seal's name (UTF-8 of 测 starts E6 B5 8B): the maker's signature no longer covers it.
        int at = indexOf(der, new byte[] {(byte) 0xE6, (byte) 0xB5, (byte) 0x8B});
        der[at + 2] ^= 1;
        Seal seal = ESeals.parseSeal(der);
        badSeal(() -> ESeals.verifySeal(seal, MATH, now()), "seal ES-BANK-0004: maker signature does not verify");
    }

    @Test
    void expiredAndNotYetValidSealsAreRefused() {
        Instant now = now();
        Seal expired = ESeals.parseSeal(ESeals.makeSeal(Fixtures.spec("ES-OLD", now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(35)), List.of(bankOrg.cert())), maker));
        badSeal(() -> ESeals.verifySeal(expired, MATH, now), "seal ES-OLD expired on ");

        Seal future = ESeals.parseSeal(ESeals.makeSeal(Fixtures.spec("ES-NEW", now.plus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(300)), List.of(bankOrg.cert())), maker));
        badSeal(() -> ESeals.verifySeal(future, MATH, now), "seal ES-NEW not valid until ");
        // A stamp with an expired seal is refused for the seal, after its own signature checked out.
        Stamp stamp = ESeals.parseStamp(ESeals.stamp(expired.der(), VOUCHER, "yh_qz", bankOrg, now));
        badSeal(() -> ESeals.verifyStamp(stamp, VOUCHER, MATH, now), "expired on");
    }

    @Test
    void signerOutsideTheCertListIsRefused() {
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0005", List.of(bankOrg.cert())), maker);
        Stamp byClerk = ESeals.parseStamp(ESeals.stamp(sealDer, VOUCHER, "yh_qz", clerk, now()));
        badSeal(() -> ESeals.verifyStamp(byClerk, VOUCHER, MATH, now()), "is not an owner of the seal");
    }

    @Test
    void emptyCertListAllowsTheMakersOrganisationOnly() {
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0006", List.of()), maker);
        assertTrue(ESeals.parseSeal(sealDer).ownerCertificates().isEmpty());
        ESeals.verifyStamp(ESeals.parseStamp(ESeals.stamp(sealDer, VOUCHER, "yh_qz", clerk, now())), VOUCHER, MATH,
                now());
        Stamp foreign = ESeals.parseStamp(ESeals.stamp(sealDer, VOUCHER, "yh_qz", stranger, now()));
        badSeal(() -> ESeals.verifyStamp(foreign, VOUCHER, MATH, now()), "is not an owner of the seal");
    }

    @Test
    void tamperedStampSignatureIsRefused() {
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0007", List.of(bankOrg.cert())), maker);
        Stamp good = ESeals.parseStamp(ESeals.stamp(sealDer, VOUCHER, "yh_qz", bankOrg, now()));
        // Another signer's valid signature over the same TBS, under bankOrg's certificate.
        Stamp forged = new Stamp(good.version(), good.seal(), good.time(), good.dataHash(), good.propertyInfo(),
                good.signer(), good.tbs(), stranger.sign(good.tbs()), good.signAlgorithm(), good.der());
        badSeal(() -> ESeals.verifyStamp(forged, VOUCHER, MATH, now()),
                "stamp with seal ES-BANK-0007: signer signature does not verify");
    }

    @Test
    void v1SealAndStampFromAnotherWriterVerify() {
        byte[] sealDer = Fixtures.v1Seal(spec("ES-V1-0001", List.of(bankOrg.cert())), maker);
        Seal seal = ESeals.parseSeal(sealDer);
        assertEquals(1, seal.version());
        assertEquals("ES-V1-0001", seal.esId());
        assertEquals("测试银行财务专用章", seal.name());
        assertEquals(1, seal.ownerCertificates().size());
        assertEquals(maker.cert(), seal.maker());
        ESeals.verifySeal(seal, MATH, now());

        Instant time = now();
        Stamp stamp = ESeals.parseStamp(Fixtures.v1Stamp(sealDer, VOUCHER, "yh_qz", bankOrg, time));
        assertEquals(1, stamp.version());
        assertEquals(1, stamp.seal().version());
        assertEquals(time.truncatedTo(ChronoUnit.SECONDS), stamp.time());
        assertEquals(bankOrg.cert(), stamp.signer());
        ESeals.verifyStamp(stamp, VOUCHER, MATH, now());

        byte[] tampered = VOUCHER.clone();
        tampered[0] ^= 1;
        badSeal(() -> ESeals.verifyStamp(stamp, tampered, MATH, now()), "data hash does not match");
        // Jinku writes v4 stamps only, and a v4 stamp cannot carry a v1 seal.
        badSeal(() -> ESeals.stamp(sealDer, VOUCHER, "yh_qz", bankOrg, now()), "needs a v4 seal");
    }

    @Test
    void v4VariantsFromAnotherWriterVerify() {
        // certListType 2 (SM3 digests of the owner certificates), maker signing DER(eSealInfo).
        byte[] digests = Fixtures.v4Seal(spec("ES-V4-DIGEST", List.of(bankOrg.cert())), maker, 2, false);
        Seal seal = ESeals.parseSeal(digests);
        assertEquals(2, seal.certListType());
        ESeals.verifyStamp(ESeals.parseStamp(ESeals.stamp(digests, VOUCHER, "yh_qz", bankOrg, now())), VOUCHER,
                MATH, now());
        Stamp byClerk = ESeals.parseStamp(ESeals.stamp(digests, VOUCHER, "yh_qz", clerk, now()));
        badSeal(() -> ESeals.verifyStamp(byClerk, VOUCHER, MATH, now()), "is not an owner");

        // The maker signing DER(SEQUENCE{eSealInfo, cert, signAlgID}): the other reading, accepted.
        Seal whole = ESeals.parseSeal(Fixtures.v4Seal(spec("ES-V4-WHOLE", List.of(bankOrg.cert())), maker, 1, true));
        ESeals.verifySeal(whole, MATH, now());
    }

    @Test
    void garbageIsNotASeal() {
        badSeal(() -> ESeals.parseSeal("hello, seal".getBytes(StandardCharsets.US_ASCII)),
                "not a GB/T 38540 or GM/T 0031 seal: ");
        badSeal(() -> ESeals.parseSeal(new byte[0]), "not a GB/T 38540 or GM/T 0031 seal: ");
        badSeal(() -> ESeals.parseStamp(new byte[] {0x30, 0x03, 0x02, 0x01, 0x04}),
                "not a GB/T 38540 or GM/T 0031 stamp: ");
        byte[] sealDer = ESeals.makeSeal(spec("ES-BANK-0008", List.of(bankOrg.cert())), maker);
        badSeal(() -> ESeals.parseSeal(java.util.Arrays.copyOf(sealDer, sealDer.length - 10)),
                "not a GB/T 38540 or GM/T 0031 seal: ");
        // A stamp is not a seal, and a seal is not a stamp.
        byte[] stampDer = ESeals.stamp(sealDer, VOUCHER, "yh_qz", bankOrg, now());
        badSeal(() -> ESeals.parseSeal(stampDer), "not a GB/T 38540 or GM/T 0031 seal: ");
        badSeal(() -> ESeals.parseStamp(sealDer), "not a GB/T 38540 or GM/T 0031 stamp: ");
    }

    @Test
    void verifierCertificateJudgementsKeepTheirCode() {
        Seal seal = ESeals.parseSeal(ESeals.makeSeal(spec("ES-BANK-0009", List.of(bankOrg.cert())), maker));
        RawVerifier untrusting = (cert, tbs, sig) -> {
            throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "no trusted CA issued " + cert.getSubjectX500Principal());
        };
        JinkuException e = assertThrows(JinkuException.class, () -> ESeals.verifySeal(seal, untrusting, now()));
        assertEquals(RejectCode.UNKNOWN_CERTIFICATE, e.code());
        assertTrue(e.getMessage().startsWith("seal ES-BANK-0009: no trusted CA issued"), e.getMessage());

        RawVerifier refusing = (cert, tbs, sig) -> {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "SM2 signature does not verify");
        };
        badSeal(() -> ESeals.verifySeal(seal, refusing, now()), "seal ES-BANK-0009: maker signature does not verify");
    }

    @Test
    void rawSignaturesAreAcceptedToo() {
        // Some signers write SM2 values as raw r‖s (64 bytes) instead of DER.
        RawSigner rawMaker = new RawSigner() {
            @Override
            public X509Certificate certificate() {
                return maker.cert();
            }

            @Override
            public byte[] sign(byte[] tbs) {
                return toRaw(maker.sign(tbs));
            }
        };
        Seal seal = ESeals.parseSeal(ESeals.makeSeal(spec("ES-RAW", List.of(bankOrg.cert())), rawMaker));
        assertEquals(64, seal.signature().length);
        ESeals.verifySeal(seal, MATH, now());
    }

    @Test
    void badSpecsAreRefusedEarly() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.spec("ES-X", now(), now().minusSeconds(1),
                List.of()));
        badSeal(() -> ESeals.makeSeal(spec("印章-1", List.of()), maker), "is not IA5");
    }

    private static byte[] toRaw(byte[] der) {
        ASN1Sequence s = ASN1Sequence.getInstance(der);
        byte[] out = new byte[64];
        for (int i = 0; i < 2; i++) {
            byte[] v = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32,
                    org.bouncycastle.asn1.ASN1Integer.getInstance(s.getObjectAt(i)).getValue());
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
