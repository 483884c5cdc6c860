package org.jinku.crypto.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.crypto.pkcs11.Sm2;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;

/**
 * The vendor extension point with an SM2 "device" in software: SM2 keys made by the device, certified by the box
 * CA, CMS and bare signatures built around the device's signature over e that standard SM3withSM2 verifies.
 */
class MechanismProviderTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final char[] PIN = "135790".toCharArray();
    private static final byte[] VOUCHER = "PE1PRj4=".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static SoftCryptoProvider soft;
    static Pkcs11CryptoProvider device;

    @BeforeAll
    static void open() throws Exception {
        soft = SoftCryptoProvider.open(dir.resolve("soft"));
        device = Pkcs11CryptoProvider.open(new Pkcs11CryptoProvider.Settings("", -1, "", -1, "",
                        JcaToken.KeyAlgorithm.EC_P256, "test-sm2", dir.resolve("certs"), 5, 0),
                soft.certificateAuthority(), soft, List.of(new SoftwareSm2Mechanism("135790")));
    }

    @Test
    void anSm2KeyInTheDeviceSignsCmsThatVerifiesAsSm3WithSm2() throws Exception {
        Credential c = device.enroll("bank102/org", "bank102", "bank102 AGENT_BANK", Credential.Kind.ORGANISATION,
                Set.of(), PIN);
        assertTrue(Sm2.isSm2(c.certificate().getPublicKey()));
        byte[] cms = device.sign("bank102/org", PIN, VOUCHER, CryptoProfile.DEFAULT);
        SignerInformation info = new CMSSignedData(new CMSProcessableByteArray(VOUCHER), cms).getSignerInfos()
                .getSigners().iterator().next();
        assertEquals(GMObjectIdentifiers.sm2sign_with_sm3.getId(), info.getEncryptionAlgOID());
        assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(c.certificate())));
        assertEquals(c.certificate(), soft.verify(VOUCHER, cms, CryptoProfile.DEFAULT).signer());

        for (String id : List.of(CryptoProfile.DEFAULT_USER_ID, "bank102")) {
            for (CryptoProfile.Encoding encoding : CryptoProfile.Encoding.values()) {
                CryptoProfile profile = new CryptoProfile(CryptoProfile.Identifiers.PKCS7, id, encoding,
                        CryptoProfile.CipherLayout.C1C3C2);
                byte[] raw = device.signRaw("bank102/org", PIN, VOUCHER, profile);
                assertEquals(encoding == CryptoProfile.Encoding.RAW, raw.length == 64);
                Signature v = Signature.getInstance("SM3withSM2", BC);
                v.setParameter(new SM2ParameterSpec(id.getBytes(StandardCharsets.UTF_8)));
                v.initVerify(c.certificate().getPublicKey());
                v.update(VOUCHER);
                assertTrue(v.verify(encoding == CryptoProfile.Encoding.RAW ? Sm2.der(raw) : raw), id + " " + encoding);
            }
        }
    }

    @Test
    void theDevicesPinIsChecked() {
        device.enroll("bank102/yh01", "bank102", "yh01@bank102", Credential.Kind.PERSON,
                Set.of(org.jinku.api.Post.ENTRY), PIN);
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class,
                () -> device.sign("bank102/yh01", "000000".toCharArray(), VOUCHER, CryptoProfile.DEFAULT)).code());
    }

    @Test
    void aMissingVendorBundleIsNamed() throws Exception {
        Pkcs11CryptoProvider none = Pkcs11CryptoProvider.open(new Pkcs11CryptoProvider.Settings("", -1, "", -1, "",
                        JcaToken.KeyAlgorithm.EC_P256, "vendor-sdf", dir.resolve("none"), 5, 0),
                soft.certificateAuthority(), soft, List.of());
        JinkuException e = assertThrows(JinkuException.class, () -> none.enroll("x/org", "x", "x", Credential.Kind.ORGANISATION,
                Set.of(), PIN));
        assertTrue(e.getMessage().contains("vendor-sdf"), e.getMessage());
    }
}
