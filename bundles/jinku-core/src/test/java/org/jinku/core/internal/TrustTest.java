package org.jinku.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.RejectionView;
import org.jinku.api.SealState;
import org.jinku.api.SealView;
import org.jinku.api.SignatureEntry;
import org.jinku.api.StampEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.PeerTransport;

/**
 * Trust on two real nodes (SM2 keys in PIN-protected containers, the box CA, Derby): PINs on signing, 挂失 and
 * the CRL exchange, e-seals with registration (备案) and stamps, and algorithms set per peer.
 */
class TrustTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String PIN = TwoNodes.PIN;

    @TempDir
    Path dir;
    private TwoNodes nodes;

    @BeforeEach
    void start() throws Exception {
        nodes = new TwoNodes(dir);
        nodes.bindCa();
        nodes.simulator.catalog(nodes.catalog);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private RejectionView sendToBank(String from, String ref, byte[] envelope) throws Exception {
        PeerTransport.Endpoint m = nodes.transport.open("mallory", x -> { });
        int before = nodes.bank.rejections(1000).size();
        m.send("bank", new PeerTransport.Message("VOUCHER", from, ref, Map.of(), envelope));
        TwoNodes.await("the bank's refusal", () -> nodes.bank.rejections(1000).size() > before);
        return nodes.bank.rejections(1).get(0);
    }

    /** The finance envelope of {@code v}, each position signed directly with the given alias's container. */
    private byte[] envelope(Voucher v, List<StampEntry> stamps, String... positionAndAlias) {
        String b64 = nodes.catalog.toBase64(nodes.catalog.forSending(v));
        List<SignatureEntry> sigs = new java.util.ArrayList<>();
        for (String pa : positionAndAlias) {
            String[] p = pa.split("=");
            Credential c = nodes.crypto.credential(p[1]).orElseThrow();
            sigs.add(new SignatureEntry(p[0], c.serialHex(), Base64.getEncoder().encodeToString(
                    TwoNodes.sign(nodes.crypto, p[1], b64.getBytes(StandardCharsets.US_ASCII)))));
        }
        return nodes.catalog.writeEnvelope(List.of(new EnvelopeEntry(v.key(), 0, "", b64, sigs, stamps)));
    }

    @Test
    void everySignatureNeedsTheOperatorsPin() {
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("PIN01")).key();
        JinkuException wrong = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "lr01", "000000"));
        assertEquals(RejectCode.WRONG_PIN, wrong.code(), wrong.getMessage());
        JinkuException none = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "lr01"));
        assertEquals(RejectCode.WRONG_PIN, none.code(), none.getMessage());
        assertEquals(VoucherState.DRAFT, nodes.finance.find(key, 0).orElseThrow().state(), "nothing signed");
        assertTrue(nodes.finance.rejections(5).stream().anyMatch(r -> r.code() == RejectCode.WRONG_PIN));
        nodes.finance.sign(key, "lr01", PIN);
        assertEquals(VoucherState.SIGNING, nodes.finance.find(key, 0).orElseThrow().state());
    }

    @Test
    void aKeyReportedLostIsRefusedHereAtOnceAndByThePeerAfterTheCrlArrives() throws Exception {
        Credential lr01 = nodes.crypto.credential("finance/lr01").orElseThrow();
        IssuedCertificate revoked = nodes.finance.reportLost("lr01", "sec01");
        assertEquals(lr01.certificate().getSerialNumber(), revoked.serial());
        assertEquals("keyCompromise", revoked.revocationReason());
        // Finance refuses to sign with it now.
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("LOST1")).key();
        JinkuException e = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "lr01", PIN));
        assertEquals(RejectCode.CERTIFICATE_REVOKED, e.code(), e.getMessage());
        // The bank got the CRL over the transport and refuses what the lost key signs (whoever holds it).
        TwoNodes.await("the CRL at the bank", () -> nodes.bank.crls().values().stream().anyMatch(d -> d.contains("1 revoked")));
        RejectionView r = sendToBank("finance", "lost", envelope(TwoNodes.sample("LOST2"), List.of(),
                "cz_lr=finance/lr01", "cz_sh=finance/sh01"));
        assertEquals(RejectCode.CERTIFICATE_REVOKED, r.code(), r.reason());
        assertTrue(r.reason().contains("keyCompromise") && r.reason().contains("received from finance"), r.reason());
        assertTrue(nodes.finance.certificates().stream().anyMatch(c -> c.holder().equals("lr01") && c.revoked()));
    }

    @Test
    void aBankSealIsRegisteredBeforeUseAndItsStampTravelsWithTheReceipt() throws Exception {
        SealView applied = nodes.bank.applySeal("转讫章", "yh_qz", null, "sec01");
        JinkuException fourEyes = assertThrows(JinkuException.class, () -> nodes.bank.approveSeal(applied.sealId(), "sec01"));
        assertEquals(RejectCode.SAME_SIGNER_TWICE, fourEyes.code());
        nodes.bank.approveSeal(applied.sealId(), "sec02");
        SealView made = nodes.bank.makeSeal(applied.sealId(), "sec02");
        assertEquals(SealState.MADE, made.state());
        assertNotNull(made.sealBase64());
        // Stamping before registration is refused at the bank (no active seal yet).
        Map<String, Object> config = TwoNodes.bankConfig();
        config.put("stamps.5201", "yh_qz");
        // No PBoC here to take the 回单's copy: a seal stamps only for peers that acknowledged it.
        config.remove("peer.PBOC");
        nodes.restartBank(nodes.simulator, config);
        nodes.bank.registerSeal(applied.sealId(), "sec02");
        TwoNodes.await("the seal active", () -> nodes.bank.seals().get(0).state() == SealState.ACTIVE);
        assertEquals("ACKNOWLEDGED", nodes.bank.seals().get(0).registrations().get("finance"));

        VoucherKey key = nodes.sendSigned(TwoNodes.sample("SEAL1"));
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertEquals(Map.of("yh_qz", applied.sealId()), nodes.finance.stamps(key, 1));
        String envelope = new String(nodes.finance.envelope(key, 1).orElseThrow(), GBK);
        assertTrue(envelope.contains("<SignStamp No=\"yh_qz\" ESID=\"" + applied.sealId() + "\">"), envelope);

        // Revoked: the bank stops stamping, and finance refuses a receipt stamped with it.
        nodes.bank.revokeSeal(applied.sealId(), "sec01", "lost");
        VoucherKey second = nodes.sendSigned(TwoNodes.sample("SEAL2"));
        TwoNodes.await("the bank's refusal to stamp", () -> nodes.bank.rejections(100).stream()
                .anyMatch(r -> r.code() == RejectCode.SEAL_UNREGISTERED));
        assertFalse(nodes.finance.find(second, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
    }

    @Test
    void aStampCancelledBeforeSendingHoldsTheVoucherUntilItIsStampedAgain() throws Exception {
        SealView seal = nodes.finance.applySeal("财政录入章", "cz_lr", null, "sec01");
        nodes.finance.approveSeal(seal.sealId(), "sec02");
        nodes.finance.makeSeal(seal.sealId(), "sec02");
        nodes.finance.registerSeal(seal.sealId(), "sec02");
        TwoNodes.await("acknowledged by the bank", () -> "ACKNOWLEDGED".equals(nodes.finance.seals().get(0).registrations()
                .get("bank")));
        Map<String, Object> config = TwoNodes.financeConfig();
        config.put("stamps.5201", "cz_lr");
        nodes.restartFinance(config);

        VoucherKey key = nodes.finance.submit(TwoNodes.sample("STAMP1")).key();
        nodes.finance.sign(key, "lr01", PIN);
        assertEquals(Map.of("cz_lr", seal.sealId()), nodes.finance.stamps(key, 0));
        nodes.finance.cancelStamp(key, "cz_lr", "lr01");
        assertTrue(nodes.finance.stamps(key, 0).isEmpty());
        nodes.finance.sign(key, "sh01", PIN);
        assertEquals(VoucherState.SIGNING, nodes.finance.find(key, 0).orElseThrow().state(), "waits for its stamp");
        JinkuException wrongPin = assertThrows(JinkuException.class,
                () -> nodes.finance.stamp(key, "cz_lr", "lr01", "000000"));
        assertEquals(RejectCode.WRONG_PIN, wrongPin.code());
        nodes.finance.stamp(key, "cz_lr", "lr01", PIN);
        TwoNodes.await("received by the bank", () -> nodes.bank.find(key, 0).isPresent());
        assertEquals(Map.of("cz_lr", seal.sealId()), nodes.bank.stamps(key, 0));
        JinkuException late = assertThrows(JinkuException.class, () -> nodes.finance.cancelStamp(key, "cz_lr", "lr01"));
        assertEquals(RejectCode.WRONG_STATE, late.code(), late.getMessage());
    }

    @Test
    void aStampWithASealNeverRegisteredIsRefusedSayingSo() throws Exception {
        // Finance makes a seal but never registers it with the bank, then stamps a voucher with it.
        SealView s = nodes.finance.applySeal("财政公章", "cz_gz", null, "sec01");
        nodes.finance.approveSeal(s.sealId(), "sec02");
        SealView made = nodes.finance.makeSeal(s.sealId(), "sec02");
        Voucher v = TwoNodes.sample("UNREG");
        String b64 = nodes.catalog.toBase64(nodes.catalog.forSending(v));
        Credential orgKey = nodes.crypto.credential("finance/org").orElseThrow();
        byte[] stamp = org.jinku.eseal.ESeals.stamp(Base64.getDecoder().decode(made.sealBase64()),
                b64.getBytes(StandardCharsets.US_ASCII), "cz_sh", new org.jinku.eseal.RawSigner() {
                    @Override
                    public java.security.cert.X509Certificate certificate() {
                        return orgKey.certificate();
                    }

                    @Override
                    public byte[] sign(byte[] tbs) {
                        return nodes.crypto.signRaw("finance/org", PIN.toCharArray(), tbs,
                                org.jinku.api.CryptoProfile.DEFAULT);
                    }
                }, java.time.Instant.now());
        RejectionView r = sendToBank("finance", "unreg", envelope(v, List.of(new StampEntry("cz_sh", s.sealId(),
                Base64.getEncoder().encodeToString(stamp))), "cz_lr=finance/lr01", "cz_sh=finance/sh01"));
        assertEquals(RejectCode.SEAL_UNREGISTERED, r.code(), r.reason());
        assertTrue(r.reason().contains(s.sealId()) && r.reason().contains("never registered"), r.reason());
        assertFalse(nodes.bank.find(v.key(), 0).isPresent());
    }

    @Test
    void aPeerSetToGmtIdentifiersRawSignaturesItsOwnUserIdAndEncryptionGetsExactlyThat() throws Exception {
        Map<String, Object> finance = TwoNodes.financeConfig();
        Map<String, Object> bank = TwoNodes.bankConfig();
        for (Map<String, Object> c : List.of(finance, bank)) {
            String peer = c == finance ? "bank" : "finance";
            c.put("peer." + peer + ".identifiers", "GMT");
            c.put("peer." + peer + ".signature.encoding", "RAW");
            c.put("peer." + peer + ".sm2.userId", "ALICE123@YAHOO.COM");
            c.put("peer." + peer + ".sm2.cipher", "C1C2C3");
            c.put("peer." + peer + ".encrypt", "true");
        }
        nodes.restartFinance(finance);
        nodes.restartBank(nodes.simulator, bank);
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("GMT01"));
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        // What the bank holds is what travelled: GM/T 0010 signedData and a 64-byte r||s signature value.
        EnvelopeEntry held = nodes.catalog.readEnvelope(nodes.bank.envelope(key, 0).orElseThrow()).get(0);
        byte[] der = Base64.getDecoder().decode(held.signatures().get(0).cmsBase64());
        byte[] gmtSignedData = {0x06, 0x0a, 0x2a, (byte) 0x81, 0x1c, (byte) 0xcf, 0x55, 0x06, 0x01, 0x04, 0x02, 0x02};
        assertTrue(indexOf(der, gmtSignedData) >= 0, "GM/T 0010 signedData identifier");
        // The user ID enters the signature: a verifier with the default ID refuses it.
        byte[] content = held.voucherBase64().getBytes(StandardCharsets.US_ASCII);
        JinkuException e = assertThrows(JinkuException.class,
                () -> nodes.crypto.verify(content, der, org.jinku.api.CryptoProfile.DEFAULT));
        assertEquals(RejectCode.BAD_SIGNATURE, e.code());
    }

    @Test
    void aPeerThatMustEncryptButSendsInTheClearIsRefused() throws Exception {
        Map<String, Object> bank = TwoNodes.bankConfig();
        bank.put("peer.finance.encrypt", "true");
        nodes.restartBank(nodes.simulator, bank);
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("CLEAR"));
        TwoNodes.await("the bank's refusal", () -> nodes.bank.rejections(100).stream()
                .anyMatch(r -> r.code() == RejectCode.DECRYPTION_FAILED));
        assertFalse(nodes.bank.find(key, 0).isPresent());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
