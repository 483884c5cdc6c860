package org.jinku.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Credential;
import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.EventView;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PeerTransport;
import org.jinku.crypto.soft.internal.SoftCryptoProvider;

class NodeEngineTest {

    @TempDir
    Path dir;
    private TwoNodes nodes;

    @BeforeEach
    void start() throws Exception {
        nodes = new TwoNodes(dir);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void voucherRoundTripsToStatus12WithAnIntactHistory() throws Exception {
        Voucher v = TwoNodes.sample("RT001");
        VoucherKey key = v.key();
        VoucherView draft = nodes.finance.submit(v);
        assertEquals(VoucherState.DRAFT, draft.state());
        assertEquals(DeliveryStatus.NOT_SENT, draft.status());
        assertEquals(VoucherState.SIGNING, nodes.finance.sign(key, "lr01", TwoNodes.PIN).state());
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);

        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        VoucherView done = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.CONFIRMED, done.state());
        assertEquals(2, done.signatures().size());

        Voucher receipt = nodes.finance.content(key, 1).orElseThrow();
        assertEquals("1000.00", receipt.get("XPayAmt"));
        assertNotNull(receipt.get("XAgentBusinessNo"));
        assertEquals("500.00", receipt.details().get(1).get("XPayAmt"));

        VoucherView atBank = nodes.bank.find(key, 0).orElseThrow();
        assertEquals(Direction.IN, atBank.direction());
        assertEquals(VoucherState.REPLIED, atBank.state());
        TwoNodes.await("bank sees its receipt accepted",
                () -> nodes.bank.find(key, 1).orElseThrow().status() == DeliveryStatus.RECEIPT_ACCEPTED);

        List<String> kinds = nodes.finance.history(key).stream().map(EventView::kind).toList();
        assertTrue(kinds.containsAll(List.of("SUBMITTED", "SIGNED", "QUEUED", "ACK_RECEIVED", "ACK_ACCEPTED",
                "RECEIPT")), kinds.toString());
        assertTrue(nodes.finance.historyIntact(key));
        assertTrue(nodes.bank.historyIntact(key));
        assertEquals(Map.of(DeliveryStatus.RECEIPT_BACK, 1L), nodes.finance.statusCounts());
    }

    @Test
    void signingFollowsThePostsAndNobodySignsTwice() {
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("SG001")).key();
        JinkuException early = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "sh01", TwoNodes.PIN));
        assertEquals(RejectCode.NOT_AUTHORIZED, early.code());
        assertTrue(early.getMessage().contains("ENTRY"), early.getMessage());
        nodes.finance.sign(key, "boss", TwoNodes.PIN);
        JinkuException twice = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "boss", TwoNodes.PIN));
        assertEquals(RejectCode.SAME_SIGNER_TWICE, twice.code());
        assertEquals(RejectCode.NOT_AUTHORIZED,
                assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "nobody", TwoNodes.PIN)).code());
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        assertEquals(RejectCode.WRONG_STATE,
                assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "lr01", TwoNodes.PIN)).code());
    }

    @Test
    void refusedSigningAttemptsAreRecorded() {
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("SG002")).key();
        assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "sh01", TwoNodes.PIN));
        assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "mallory", TwoNodes.PIN));
        List<String> sources = nodes.finance.rejections(10).stream().map(r -> r.source()).toList();
        assertEquals(List.of("sign:mallory", "sign:sh01"), sources);
    }

    @Test
    void aBrokerOutageDelaysButLosesNothing() throws Exception {
        nodes.transport.down = true;
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("OUT01")).key();
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        Thread.sleep(1500);
        VoucherView waiting = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.SIGNED, waiting.state());
        assertEquals(DeliveryStatus.NOT_SENT, waiting.status());
        nodes.transport.down = false;
        TwoNodes.await("status 12 after the outage", () ->
                nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
    }

    @Test
    void aRestartedBankHandsItsAdapterWhatItHadNotAnswered() throws Exception {
        nodes.setAdapter(nodes.bank, null); // the bank's host system is down: received, not yet accepted
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("RST01")).key();
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("received at the bank", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIVED);
        assertEquals(VoucherState.RECEIVED, nodes.bank.find(key, 0).orElseThrow().state());

        nodes.restartBank(nodes.simulator);
        TwoNodes.await("status 12 after the restart", () ->
                nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertTrue(nodes.bank.historyIntact(key));
    }

    @Test
    void badSubmissionsAreRefusedAndRecorded() {
        Voucher v = TwoNodes.sample("BD001");
        Map<String, String> h = new LinkedHashMap<>(v.header());
        h.put("PayAmt", "1000.000");
        JinkuException e = assertThrows(JinkuException.class, () -> nodes.finance.submit(new Voucher(h, v.details())));
        assertEquals(RejectCode.INVALID_FIELD, e.code());
        assertTrue(e.fieldErrors().stream().anyMatch(f -> f.path().equals("PayAmt")), e.fieldErrors().toString());

        nodes.finance.submit(v);
        JinkuException dup = assertThrows(JinkuException.class, () -> nodes.finance.submit(v));
        assertEquals(RejectCode.DUPLICATE_VOUCHER, dup.code());
        List<RejectCode> recorded = nodes.finance.rejections(10).stream().map(r -> r.code()).toList();
        assertEquals(List.of(RejectCode.DUPLICATE_VOUCHER, RejectCode.INVALID_FIELD), recorded);
    }

    @Test
    void returnedVoucherShowsStatus5WithTheBanksReason() throws Exception {
        Voucher v = TwoNodes.sample("RET01").withHeader(Map.of("PayeeAcctNo", "9990001"), null);
        VoucherKey key = nodes.finance.submit(v).key();
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("status 5", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RETURNED);
        VoucherView back = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.RETURNED, back.state());
        assertTrue(back.reason().contains("9990001"), back.reason());
    }

    // ------------------------------------------------------------------ a hostile or broken peer

    private static final java.nio.charset.Charset GBK = java.nio.charset.Charset.forName("GBK");
    private static final String LR = "cz_lr=finance/lr01";
    private static final String SH = "cz_sh=finance/sh01";

    /**
     * A client of the (unauthenticated) test broker that writes whatever sender it likes; its messages claim
     * to come from finance, so the bank's answers go to the finance node, which must not be fooled by them.
     */
    private PeerTransport.Endpoint mallory() {
        return nodes.transport.open("mallory", m -> { });
    }

    /** An envelope of {@code v} signed at each position by the key of the given alias (enrolled if absent). */
    private String envelope(Voucher v, SoftCryptoProvider crypto, String... positionAndAlias) {
        return envelopeOf(v.key(), 0, nodes.catalog.toBase64(v), crypto, positionAndAlias);
    }

    private String envelopeOf(VoucherKey key, int flag, String b64, SoftCryptoProvider crypto,
                              String... positionAndAlias) {
        List<SignatureEntry> sigs = new ArrayList<>();
        for (String pa : positionAndAlias) {
            String[] p = pa.split("=");
            Credential c = crypto.credential(p[1]).orElseGet(() -> TwoNodes.enroll(crypto, p[1], p[1],
                    Credential.Kind.PERSON, java.util.Set.of()));
            byte[] cms = TwoNodes.sign(crypto, p[1], b64.getBytes(StandardCharsets.US_ASCII));
            sigs.add(new SignatureEntry(p[0], c.serialHex(), Base64.getEncoder().encodeToString(cms)));
        }
        return new String(nodes.catalog.writeEnvelope(List.of(new EnvelopeEntry(key, flag, "", b64, sigs))), GBK);
    }

    /** Sends as mallory, claiming {@code from}, and returns the bank's newest refusal once recorded. */
    private org.jinku.api.RejectionView sendToBank(PeerTransport.Endpoint m, String from, String ref, String envelope)
            throws Exception {
        int before = nodes.bank.rejections(1000).size();
        m.send("bank", new PeerTransport.Message("VOUCHER", from, ref, Map.of(), envelope.getBytes(GBK)));
        TwoNodes.await("the bank's refusal", () -> nodes.bank.rejections(1000).size() > before);
        return nodes.bank.rejections(1).get(0);
    }

    private void assertRefused(PeerTransport.Endpoint m, String envelope, RejectCode code, String reasonPart)
            throws Exception {
        org.jinku.api.RejectionView r = sendToBank(m, "finance", "ref-" + code, envelope);
        assertEquals(code, r.code(), r.reason());
        assertTrue(r.reason().contains(reasonPart), r.reason());
    }

    @Test
    void bankRefusesEachKindOfBadEnvelopeWithAReasonAndKeepsWhatItStored() throws Exception {
        PeerTransport.Endpoint m = mallory();
        Voucher v = TwoNodes.sample("EV001");
        m.send("bank", new PeerTransport.Message("VOUCHER", "finance", "r0", Map.of(),
                envelope(v, nodes.crypto, LR, SH).getBytes(GBK)));
        TwoNodes.await("the first voucher stored", () -> nodes.bank.find(v.key(), 0).isPresent());

        assertRefused(m, "<MOF><VoucherCount>1</VoucherCount><VoucherBody", RejectCode.MALFORMED_XML, "malformed XML");
        assertRefused(m, envelopeOf(TwoNodes.sample("EV002").key(), 0, "PFZvdWNoZXI+!!", nodes.crypto, LR, SH),
                RejectCode.BAD_BASE64, "base64");
        assertRefused(m, envelope(TwoNodes.sample("EV003"), nodes.crypto, LR), RejectCode.MISSING_SIGNATURE, "cz_sh");
        String otherText = nodes.catalog.toBase64(TwoNodes.sample("EV099"));
        String wrongSig = envelope(TwoNodes.sample("EV004"), nodes.crypto, LR, SH);
        String forged = envelopeOf(TwoNodes.sample("EV004").key(), 0, otherText, nodes.crypto, LR, SH);
        wrongSig = wrongSig.substring(0, wrongSig.indexOf("<SignatureList>")) + forged.substring(forged.indexOf("<SignatureList>"));
        assertRefused(m, wrongSig, RejectCode.BAD_SIGNATURE, "does not match");
        SoftCryptoProvider rogueCa = SoftCryptoProvider.open(dir.resolve("rogue"));
        assertRefused(m, envelope(TwoNodes.sample("EV005"), rogueCa, "cz_lr=finance/lr01", "cz_sh=finance/sh01"),
                RejectCode.UNKNOWN_CERTIFICATE, "cz_lr");
        Voucher threeDecimals = TwoNodes.sample("EV006").withHeader(Map.of("PayAmt", "1000.001"), null);
        assertRefused(m, envelope(threeDecimals, nodes.crypto, LR, SH), RejectCode.INVALID_FIELD, "PayAmt");
        assertRefused(m, envelope(TwoNodes.sample("EV007"), nodes.crypto, "cz_lr=finance/boss", "cz_sh=finance/boss"),
                RejectCode.SAME_SIGNER_TWICE, "already signed");
        Voucher changed = v.withHeader(Map.of("PayeeAcctName", "另一个收款人"), null);
        assertRefused(m, envelope(changed, nodes.crypto, LR, SH), RejectCode.DUPLICATE_VOUCHER, "other content");

        // the first voucher is still there, unchanged; the refused ones were never stored
        assertEquals(v, nodes.bank.content(v.key(), 0).orElseThrow());
        for (String no : List.of("EV002", "EV003", "EV004", "EV005", "EV006", "EV007")) {
            assertFalse(nodes.bank.find(TwoNodes.sample(no).key(), 0).isPresent(), no);
        }
    }

    @Test
    void positionsCountOnlyWhenSignedByThePartyAndPostTheyName() throws Exception {
        PeerTransport.Endpoint m = mallory();
        // A bank clerk signs both finance posts with bank certificates and sends it "from finance".
        assertRefused(m, envelope(TwoNodes.sample("FP001"), nodes.crypto, "cz_lr=bank/yh01", "cz_sh=bank/org"),
                RejectCode.SIGNER_NOT_OF_PARTY, "not a certificate of finance");
        // A stranger's certificate from the same CA.
        TwoNodes.enroll(nodes.crypto, "mallory/a", "a@mallory", Credential.Kind.PERSON, java.util.Set.of(org.jinku.api.Post.ENTRY, org.jinku.api.Post.REVIEW));
        assertRefused(m, envelope(TwoNodes.sample("FP002"), nodes.crypto, "cz_lr=mallory/a", SH),
                RejectCode.SIGNER_NOT_OF_PARTY, "cz_lr");
        // A finance person, but one who does not hold the post.
        assertRefused(m, envelope(TwoNodes.sample("FP003"), nodes.crypto, LR, "cz_sh=finance/lr01"),
                RejectCode.POST_NOT_HELD, "REVIEW");
        // The organisation key where a person must sign.
        assertRefused(m, envelope(TwoNodes.sample("FP004"), nodes.crypto, "cz_lr=finance/org", SH),
                RejectCode.NOT_PERSONAL_CERTIFICATE, "cz_lr");
        for (String no : List.of("FP001", "FP002", "FP003", "FP004")) {
            assertFalse(nodes.bank.find(TwoNodes.sample(no).key(), 0).isPresent(), no);
        }
    }

    @Test
    void aVoucherFromAPeerOfAnotherPartyIsASpoofedSender() throws Exception {
        // Genuinely signed by finance, but the transport says a PBoC sent it: the sender is not who signed.
        org.jinku.api.RejectionView r = sendToBank(mallory(), "pboc", "sp1", envelope(TwoNodes.sample("SP001"), nodes.crypto, LR, SH));
        assertEquals(RejectCode.SENDER_MISMATCH, r.code(), r.reason());
        assertFalse(nodes.bank.find(TwoNodes.sample("SP001").key(), 0).isPresent());
    }

    @Test
    void messagesFromStrangersAreRecordedAndNeverAnswered() throws Exception {
        org.jinku.api.RejectionView r = sendToBank(mallory(), "stranger", "s1",
                envelope(TwoNodes.sample("STR01"), nodes.crypto, LR, SH));
        assertEquals(RejectCode.NOT_AUTHORIZED, r.code());
        assertFalse(nodes.bank.find(TwoNodes.sample("STR01").key(), 0).isPresent());
    }

    /** A signed ack for {@code key} as the alias would write it. */
    private PeerTransport.Message ack(String alias, VoucherKey key, String digest, Ack.Step step) {
        Ack a = Ack.of(key, 0, digest, step, RejectCode.BAD_SIGNATURE, "forged");
        byte[] body = a.toJson();
        return new PeerTransport.Message(Ack.TYPE, "bank", "x", Map.of("signature",
                Base64.getEncoder().encodeToString(TwoNodes.sign(nodes.crypto, alias, body))), body);
    }

    @Test
    void anAckCountsOnlyFromThePeersOrganisationKeyAndForTheContentSent() throws Exception {
        nodes.setAdapter(nodes.bank, null);
        VoucherKey key = nodes.finance.submit(TwoNodes.sample("AK001")).key();
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("received", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIVED);
        String digest = nodes.finance.find(key, 0).orElseThrow().digest();
        PeerTransport.Endpoint m = mallory();
        TwoNodes.enroll(nodes.crypto, "mallory/org", "mallory ORG", Credential.Kind.ORGANISATION, java.util.Set.of());
        int before = nodes.finance.rejections(100).size();
        m.send("finance", ack("bank/yh01", key, digest, Ack.Step.RECEIVE_FAILED));   // a bank clerk, not the bank
        m.send("finance", ack("mallory/org", key, digest, Ack.Step.RETURNED));      // a stranger's organisation
        m.send("finance", ack("bank/org", key, "0".repeat(64), Ack.Step.REFUSED));  // the bank, other content
        TwoNodes.await("three refusals", () -> nodes.finance.rejections(100).size() == before + 3);
        List<RejectCode> codes = nodes.finance.rejections(3).stream().map(r -> r.code()).toList();
        assertEquals(List.of(RejectCode.ACK_DIGEST_MISMATCH, RejectCode.ACK_WRONG_SIGNER, RejectCode.ACK_WRONG_SIGNER),
                codes);
        assertEquals(DeliveryStatus.RECEIVED, nodes.finance.find(key, 0).orElseThrow().status());
        assertEquals(VoucherState.DELIVERED, nodes.finance.find(key, 0).orElseThrow().state());
    }

    @Test
    void aRefusalProvokedByAnOutsiderNeverMakesTheSenderReissueWhatTheBankPays() throws Exception {
        // The voucher finance is about to send; an outsider knows its key.
        Voucher v = TwoNodes.sample("DP001");
        VoucherKey key = v.key();
        PeerTransport.Endpoint m = mallory();
        nodes.finance.submit(v);
        // 1. garbage under the voucher's key as correlation id; 2. a tampered copy of the voucher
        sendToBank(m, "finance", Ack.ref(key, 0), "<MOF>garbage");
        String tampered = envelope(v.withHeader(Map.of("PayeeAcctNo", "6222999999999999"), null), nodes.crypto,
                "cz_lr=bank/yh01", "cz_sh=bank/org");
        sendToBank(m, "finance", Ack.ref(key, 0), tampered);
        // the genuine voucher goes and is paid
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        VoucherView done = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.CONFIRMED, done.state());
        // finance never saw status 2 for it: no event of a receive failure in its history
        assertTrue(nodes.finance.history(key).stream().noneMatch(e -> e.kind().equals("ACK_RECEIVE_FAILED")),
                nodes.finance.history(key).toString());
        // the refusals reached finance and were set aside with their reasons
        TwoNodes.await("finance set the bank's answers to mallory aside", () -> nodes.finance.rejections(100).stream()
                .anyMatch(r -> r.code() == RejectCode.ACK_DIGEST_MISMATCH));
        assertTrue(nodes.finance.rejections(100).stream().anyMatch(r -> r.code() == RejectCode.UNKNOWN_VOUCHER
                && r.reason().contains("without naming a voucher")));
        // other content under the key the bank holds: refused, and the refusal does not name the key
        int before = nodes.finance.rejections(100).size();
        sendToBank(m, "finance", "dup", envelope(v.withHeader(Map.of("PayeeAcctName", "冒名"), null), nodes.crypto, LR, SH));
        TwoNodes.await("finance got the duplicate refusal", () -> nodes.finance.rejections(100).size() > before);
        assertEquals(VoucherState.CONFIRMED, nodes.finance.find(key, 0).orElseThrow().state());
        assertEquals(1, nodes.bank.list(100).stream().filter(x -> x.key().equals(key) && x.voucherFlag() == 1).count());
    }

    @Test
    void aPoisonMessageIsRefusedAloneAndTheVouchersBehindItGoThrough() throws Exception {
        PeerTransport.Endpoint m = mallory();
        Voucher after = TwoNodes.sample("PM002");
        // an INVALID message (what the JMS transport makes of a property of the wrong type) and a signature
        // padded past its column, in one batch with a good voucher behind them
        Voucher padded = TwoNodes.sample("PM001");
        String env = envelope(padded, nodes.crypto, LR, SH);
        int cut = env.indexOf("</Signature>");
        String paddedEnv = env.substring(0, cut) + "\n".repeat(1_100_000) + env.substring(cut);
        m.send("bank", new PeerTransport.Message(PeerTransport.INVALID, "finance", "p0", Map.of("invalid",
                "property jinkuType is a java.util.HashMap, not a string"), new byte[0]));
        m.send("bank", new PeerTransport.Message("VOUCHER", "finance", "p1", Map.of(), paddedEnv.getBytes(GBK)));
        m.send("bank", new PeerTransport.Message("VOUCHER", "finance", "p2", Map.of(),
                envelope(after, nodes.crypto, LR, SH).getBytes(GBK)));
        TwoNodes.await("the voucher behind them stored", () -> nodes.bank.find(after.key(), 0).isPresent());
        List<RejectCode> codes = nodes.bank.rejections(10).stream().map(r -> r.code()).toList();
        assertTrue(codes.contains(RejectCode.INVALID_MESSAGE), codes.toString());
        assertTrue(codes.contains(RejectCode.OVERSIZED), codes.toString());
        assertFalse(nodes.bank.find(padded.key(), 0).isPresent());
    }

    @Test
    void aReceiptForAVoucherNotSentIsRefusedAndTheVoucherCanStillBeSigned() throws Exception {
        Voucher v = TwoNodes.sample("UN001");
        VoucherKey key = nodes.finance.submit(v).key();
        Voucher receipt = org.jinku.sim.bank.internal.BankSimulator.receipt(v);
        String env = envelopeOf(key, 1, nodes.catalog.toBase64(receipt), nodes.crypto, "yh_qz=bank/org");
        int before = nodes.finance.rejections(100).size();
        mallory().send("finance", new PeerTransport.Message("VOUCHER", "bank", "u1", Map.of(), env.getBytes(GBK)));
        TwoNodes.await("refused", () -> nodes.finance.rejections(100).size() > before);
        assertEquals(RejectCode.WRONG_STATE, nodes.finance.rejections(1).get(0).code());
        assertEquals(VoucherState.DRAFT, nodes.finance.find(key, 0).orElseThrow().state());
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
    }

    @Test
    void aReceiptMustBeTheVoucherSentWithEveryLineWithinItsAmount() {
        Voucher sent = TwoNodes.sample("RC001");
        Voucher receipt = org.jinku.sim.bank.internal.BankSimulator.receipt(sent);
        assertEquals(ReceiptCheck.Outcome.PAID, ReceiptCheck.check(sent, receipt, "PayAmt").outcome());
        Voucher otherPayee = receipt.withHeader(Map.of("PayeeAcctNo", "6222000000000000001"), null);
        assertEquals(RejectCode.ENVELOPE_MISMATCH, assertThrows(JinkuException.class,
                () -> ReceiptCheck.check(sent, otherPayee, "PayAmt")).code());
        assertEquals(RejectCode.AMOUNT_OUT_OF_RANGE, assertThrows(JinkuException.class,
                () -> ReceiptCheck.check(sent, receipt.withHeader(Map.of("XPayAmt", "1000.01"), null), "PayAmt")).code());
        Voucher lineDropped = receipt.withHeader(Map.of(), receipt.details().subList(0, 1));
        assertEquals(RejectCode.ENVELOPE_MISMATCH, assertThrows(JinkuException.class,
                () -> ReceiptCheck.check(sent, lineDropped, "PayAmt")).code());
        // one line overpaid, the other short: the header total is right, the lines are not
        Voucher overpaidLine = receipt.withHeader(Map.of(), List.of(line(receipt, 0, "600.00"), line(receipt, 1, "400.00")));
        JinkuException e = assertThrows(JinkuException.class, () -> ReceiptCheck.check(sent, overpaidLine, "PayAmt"));
        assertEquals(RejectCode.AMOUNT_OUT_OF_RANGE, e.code());
        assertTrue(e.getMessage().contains("DetailList[0].XPayAmt"), e.getMessage());
        // partly paid, and not paid at all (header 0, lines keep their amounts, as deployed systems write it)
        Voucher partly = receipt.withHeader(Map.of("XPayAmt", "500.00"), List.of(line(receipt, 0, "500.00"),
                line(receipt, 1, "0")));
        assertEquals(ReceiptCheck.Outcome.PARTLY_PAID, ReceiptCheck.check(sent, partly, "PayAmt").outcome());
        Map<String, String> failedLine = new LinkedHashMap<>(receipt.details().get(0));
        failedLine.put("XAddWord", "账户冻结");
        Voucher unpaid = receipt.withHeader(Map.of("XPayAmt", "0.00"), List.of(failedLine, receipt.details().get(1)));
        ReceiptCheck.Result r = ReceiptCheck.check(sent, unpaid, "PayAmt");
        assertEquals(ReceiptCheck.Outcome.UNPAID, r.outcome());
        assertTrue(r.describe().contains("账户冻结"), r.describe());
    }

    private static Map<String, String> line(Voucher v, int i, String paid) {
        Map<String, String> l = new LinkedHashMap<>(v.details().get(i));
        l.put("XPayAmt", paid);
        return l;
    }

    @Test
    void partlyPaidAndUnpaidReceiptsHaveTheirOwnStates() throws Exception {
        nodes.setAdapter(nodes.bank, null);
        VoucherKey partKey = nodes.sendSigned(TwoNodes.sample("PP001"));
        VoucherKey noneKey = nodes.sendSigned(TwoNodes.sample("PP002"));
        TwoNodes.await("both at the bank", () -> nodes.bank.find(partKey, 0).isPresent() && nodes.bank.find(noneKey, 0).isPresent());
        Voucher part = nodes.bank.content(partKey, 0).orElseThrow();
        Voucher paid = org.jinku.sim.bank.internal.BankSimulator.receipt(part);
        nodes.bank.accept(partKey, "teller");
        nodes.bank.reply(partKey, paid.withHeader(Map.of("XPayAmt", "500.00"), List.of(line(paid, 0, "500.00"),
                line(paid, 1, "0.00"))));
        Voucher none = org.jinku.sim.bank.internal.BankSimulator.receipt(nodes.bank.content(noneKey, 0).orElseThrow());
        nodes.bank.accept(noneKey, "teller");
        nodes.bank.reply(noneKey, none.withHeader(Map.of("XPayAmt", "0.00"), null));
        TwoNodes.await("both receipts back", () -> nodes.finance.find(partKey, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK
                && nodes.finance.find(noneKey, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertEquals(VoucherState.PARTLY_PAID, nodes.finance.find(partKey, 0).orElseThrow().state());
        assertEquals(VoucherState.UNPAID, nodes.finance.find(noneKey, 0).orElseThrow().state());
        assertTrue(nodes.finance.find(partKey, 0).orElseThrow().reason().contains("500.00 of 1000.00"));
    }

    @Test
    void theBankChecksItsOwnReceiptBeforeSigningIt() throws Exception {
        nodes.setAdapter(nodes.bank, null);
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("OV001"));
        TwoNodes.await("at the bank", () -> nodes.bank.find(key, 0).isPresent());
        nodes.bank.accept(key, "teller");
        Voucher paid = org.jinku.sim.bank.internal.BankSimulator.receipt(nodes.bank.content(key, 0).orElseThrow());
        Voucher overpaid = paid.withHeader(Map.of(), List.of(line(paid, 0, "600.00"), line(paid, 1, "400.00")));
        JinkuException e = assertThrows(JinkuException.class, () -> nodes.bank.reply(key, overpaid));
        assertTrue(e.getMessage().contains("DetailList[0].XPayAmt"), e.getMessage());
        assertFalse(nodes.bank.find(key, 1).isPresent(), "nothing signed, nothing sent");
        nodes.bank.reply(key, paid);
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
    }

    @Test
    void aReceiptTheSenderRefusedIsCorrectedAndSentAgain() throws Exception {
        // Finance first knows the bank by a wrong certificate, so it refuses the bank's receipt.
        Map<String, Object> wrong = TwoNodes.financeConfig();
        Path pem = dir.resolve("wrong-bank.pem");
        Credential elsewhere = TwoNodes.enroll(nodes.crypto, "elsewhere/org", "elsewhere AGENT_BANK",
                Credential.Kind.ORGANISATION, java.util.Set.of());
        java.nio.file.Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                elsewhere.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        wrong.put("peer.bank.certificate", pem.toString());
        nodes.restartFinance(wrong);
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("CR001"));
        try {
            TwoNodes.await("the receipt refused", () -> nodes.bank.find(key, 1).map(r -> r.status()).orElse(null)
                    == DeliveryStatus.RECEIPT_RECEIVE_FAILED);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + nodes.bank.find(key, 1) + " " + nodes.bank.history(key)
                    + " " + nodes.bank.rejections(5));
        }
        assertEquals(VoucherState.FAILED, nodes.bank.find(key, 1).orElseThrow().state());
        // Finance corrects its configuration; the bank sends its receipt again.
        nodes.restartFinance(TwoNodes.financeConfig());
        Voucher receipt = nodes.bank.content(key, 1).orElseThrow();
        nodes.bank.reply(key, receipt);
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertEquals(VoucherState.CONFIRMED, nodes.finance.find(key, 0).orElseThrow().state());
        assertTrue(nodes.bank.history(key).stream().anyMatch(e -> e.kind().equals("RECEIPT_CORRECTED")));
        assertTrue(nodes.bank.historyIntact(key));
    }

    @Test
    void theHistoryDetectsTruncationAndARecomputedChain() throws Exception {
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("HT001"));
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertTrue(nodes.finance.historyIntact(key));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:derby:" + dir.resolve("jinku")
                .resolve("finance").resolve("db"))) {
            long id;
            try (var st = c.prepareStatement("SELECT id FROM voucher WHERE voucher_no = 'HT001' AND voucher_flag = 0");
                 var rs = st.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            // the newest event deleted: the chain left is intact, but it stops short of the signed head
            int last;
            try (var st = c.prepareStatement("SELECT MAX(seq) FROM voucher_event WHERE voucher_id = ?")) {
                st.setLong(1, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    last = rs.getInt(1);
                }
            }
            try (var st = c.prepareStatement("DELETE FROM voucher_event WHERE voucher_id = ? AND seq = ?")) {
                st.setLong(1, id);
                st.setInt(2, last);
                st.executeUpdate();
            }
            assertFalse(nodes.finance.historyIntact(key), "truncation found");
            // every event rewritten and the whole chain recomputed (no key needed for SM3): the head disagrees
            EventLog log = new EventLog(nodes.crypto, "finance/org", TwoNodes.PIN.toCharArray());
            String prev = "0".repeat(64);
            try (var st = c.prepareStatement("SELECT seq, event_at, kind, actor, detail FROM voucher_event"
                    + " WHERE voucher_id = ? ORDER BY seq"); var upd = c.prepareStatement(
                    "UPDATE voucher_event SET detail = ?, hash = ? WHERE voucher_id = ? AND seq = ?")) {
                st.setLong(1, id);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        String detail = rs.getString(5) == null ? "rewritten" : rs.getString(5) + " (rewritten)";
                        String h = log.hash(prev, rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), detail);
                        upd.setString(1, detail);
                        upd.setString(2, h);
                        upd.setLong(3, id);
                        upd.setInt(4, rs.getInt(1));
                        upd.executeUpdate();
                        prev = h;
                    }
                }
            }
            try (var st = c.prepareStatement("UPDATE voucher SET head_seq = ?, head_hash = ? WHERE id = ?")) {
                st.setInt(1, last - 1);
                st.setString(2, prev);
                st.setLong(3, id);
                st.executeUpdate();
            }
            assertFalse(nodes.finance.historyIntact(key), "a recomputed chain does not match the signed head");
        }
    }

    @Test
    void identicalRedeliveryChangesNothing() throws Exception {
        PeerTransport.Endpoint m = mallory();
        Voucher v = TwoNodes.sample("DUP01");
        String env = envelope(v, nodes.crypto, LR, SH);
        m.send("bank", new PeerTransport.Message("VOUCHER", "finance", "d1", Map.of(), env.getBytes(GBK)));
        TwoNodes.await("bank replied", () -> nodes.bank.find(v.key(), 1).isPresent());
        String receiptDigest = nodes.bank.find(v.key(), 1).orElseThrow().digest();
        m.send("bank", new PeerTransport.Message("VOUCHER", "finance", "d2", Map.of(), env.getBytes(GBK)));
        TwoNodes.await("duplicate recorded", () -> nodes.bank.history(v.key()).stream().anyMatch(e -> e.kind().equals("DUPLICATE")));
        assertEquals(receiptDigest, nodes.bank.find(v.key(), 1).orElseThrow().digest());
        assertEquals(1, nodes.bank.list(100).stream().filter(x -> x.key().equals(v.key()) && x.voucherFlag() == 1).count());
        assertTrue(nodes.bank.rejections(10).isEmpty());
    }

    @Test
    void aResentVoucherOrReceiptIsTakenOnceAndATamperedCopyIsRefusedWithoutTouchingIt() throws Exception {
        Voucher v = TwoNodes.sample("RS001");
        VoucherKey key = v.key();
        nodes.finance.submit(v);
        assertThrows(JinkuException.class, () -> nodes.finance.resend(key, 0, "sh01"), "a draft is not sent");
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        TwoNodes.await("回单 acknowledged", () -> nodes.bank.find(key, 1).orElseThrow().status() != DeliveryStatus.RECEIPT_SENT);

        // 补发 of the voucher by finance and of the 回单 by the bank: each peer answers from what it holds
        nodes.finance.resend(key, 0, "sh01");
        nodes.bank.resend(key, 1, "yh02");
        TwoNodes.await("bank took the voucher again as a redelivery", () -> nodes.bank.history(key).stream()
                .anyMatch(e -> e.kind().equals("DUPLICATE")));
        TwoNodes.await("finance took the 回单 again as a redelivery", () -> nodes.finance.history(key).stream()
                .anyMatch(e -> e.kind().equals("DUPLICATE")));
        assertTrue(nodes.finance.history(key).stream().anyMatch(e -> e.kind().equals("RESENT")));
        JinkuException received = assertThrows(JinkuException.class, () -> nodes.bank.resend(key, 0, "yh02"));
        assertEquals(RejectCode.WRONG_STATE, received.code(), "only the sender sends it again");

        // the envelope as it travels: the stored voucher text, both posts' signatures
        EnvelopeEntry sent = nodes.catalog.readEnvelope(nodes.finance.envelope(key, 0).orElseThrow()).get(0);
        assertEquals(nodes.catalog.toBase64(nodes.finance.content(key, 0).orElseThrow()).length(),
                sent.voucherBase64().length());
        assertEquals(2, sent.signatures().size());
        // the same envelope with one signature altered, on finance's own login (a broken front-end)
        List<SignatureEntry> sigs = new ArrayList<>(sent.signatures());
        byte[] cms = Base64.getDecoder().decode(sigs.get(0).cmsBase64());
        int last = cms.length - 1;
        while (cms[last] == 0) {
            last--; // end-of-contents octets of the BER encoding; the signature value is just before them
        }
        cms[last] ^= 1;
        sigs.set(0, new SignatureEntry(sigs.get(0).position(), sigs.get(0).certSerialHex(),
                Base64.getEncoder().encodeToString(cms)));
        String forged = new String(nodes.catalog.writeEnvelope(List.of(new EnvelopeEntry(key, 0, "",
                sent.voucherBase64(), sigs))), GBK);
        int financeRejections = nodes.finance.rejections(100).size();
        org.jinku.api.RejectionView r = sendToBank(mallory(), "finance", "tampered", forged);
        assertEquals(RejectCode.BAD_SIGNATURE, r.code(), r.reason());
        assertTrue(r.reason().contains("does not match"), r.reason());
        // its refusal names no key, so finance keeps status 12
        TwoNodes.await("finance set the refusal of the forged copy aside", () -> nodes.finance.rejections(100).size()
                > financeRejections);
        assertEquals(VoucherState.CONFIRMED, nodes.finance.find(key, 0).orElseThrow().state());
        assertTrue(nodes.finance.history(key).stream().noneMatch(e -> e.kind().equals("ACK_RECEIVE_FAILED")));
        assertEquals(1, nodes.bank.list(100).stream().filter(x -> x.key().equals(key) && x.voucherFlag() == 0).count());
        assertEquals(1, nodes.bank.list(100).stream().filter(x -> x.key().equals(key) && x.voucherFlag() == 1).count());
        assertEquals(sent.voucherBase64(), nodes.catalog.readEnvelope(nodes.bank.envelope(key, 0).orElseThrow()).get(0)
                .voucherBase64(), "the bank still holds the genuine voucher");
        assertTrue(nodes.finance.historyIntact(key) && nodes.bank.historyIntact(key));
    }

    @Test
    void theDeployedSystemsDialectRoundTripsThroughTheNodes() throws Exception {
        // 1. A voucher travels with its X fields present and empty, so the bank can fill them in place.
        nodes.setAdapter(nodes.bank, null);
        VoucherKey key = nodes.sendSigned(TwoNodes.sample("DL001"));
        TwoNodes.await("at the bank", () -> nodes.bank.find(key, 0).isPresent());
        Voucher atBank = nodes.bank.content(key, 0).orElseThrow();
        assertEquals("", atBank.get("XPayAmt"));
        assertEquals("", atBank.details().get(0).get("XPayAmt"));
        // 2. A failed payment as deployed banks write it: header XPayAmt 0 (written "0"), lines keep their
        //    amounts with the reason; finance reads it as not paid, with the reasons.
        nodes.bank.accept(key, "teller");
        Voucher filled = org.jinku.sim.bank.internal.BankSimulator.receipt(atBank);
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> d : filled.details()) {
            Map<String, String> l = new LinkedHashMap<>(d);
            l.put("XAddWord", "收款账户已销户");
            lines.add(l);
        }
        nodes.bank.reply(key, filled.withHeader(Map.of("XPayAmt", "0"), lines));
        TwoNodes.await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        VoucherView back = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.UNPAID, back.state());
        assertTrue(back.reason().contains("收款账户已销户"), back.reason());
        // the base64 text is kept byte for byte: "0" stays "0"
        assertEquals("0", nodes.finance.content(key, 1).orElseThrow().get("XPayAmt"));

        // 3. An envelope as a deployed sender writes it: an unknown child of VoucherBody, an Attach over
        //    32 bytes, lowercase SN. The bank takes it.
        Voucher v = nodes.catalog.forSending(TwoNodes.sample("DL002"));
        String env = envelope(v, nodes.crypto, LR, SH);
        assertTrue(env.matches("(?s).*SN=\"[0-9a-f]+\".*"), "SN written in lowercase hex");
        env = env.replace("<Attach></Attach>", "<Attach>" + "附件说明".repeat(10) + "</Attach>")
                .replace("<SignStampList", "<Return_Reason>无</Return_Reason><SignStampList");
        nodes.setAdapter(nodes.bank, nodes.simulator);
        mallory().send("bank", new PeerTransport.Message("VOUCHER", "finance", "dl2", Map.of(), env.getBytes(GBK)));
        TwoNodes.await("stored at the bank", () -> nodes.bank.find(v.key(), 0).isPresent());
        assertTrue(nodes.bank.rejections(10).isEmpty(), nodes.bank.rejections(10).toString());
    }

    @Test
    void aVoucherNamingABankWithoutAPeerIsRefusedAtSubmitAndNothingIsStored() {
        Voucher v = TwoNodes.sample("RT105").withHeader(Map.of("PayBankCode", "105"), null);
        JinkuException e = assertThrows(JinkuException.class, () -> nodes.finance.submit(v));
        assertEquals(RejectCode.UNKNOWN_PEER, e.code());
        assertTrue(e.getMessage().contains("'105'") && e.getMessage().contains("[102]→bank"), e.getMessage());
        assertTrue(nodes.finance.find(v.key(), 0).isEmpty());
        assertEquals(RejectCode.UNKNOWN_PEER, nodes.finance.rejections(1).get(0).code());
    }

    @Test
    void aReturnedVoucherIsVoidedAndResentAsTheNextVersionUnderTheSameKey() throws Exception {
        Voucher wrong = TwoNodes.sample("VD001").withHeader(Map.of("PayeeAcctNo", "9990001"), null);
        VoucherKey key = wrong.key();
        nodes.finance.submit(wrong);
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("returned", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.RETURNED);
        // a corrected voucher under the same key needs the old one voided first
        assertEquals(RejectCode.DUPLICATE_VOUCHER, assertThrows(JinkuException.class,
                () -> nodes.finance.submit(TwoNodes.sample("VD001"))).code());
        assertEquals(VoucherState.VOIDED, nodes.finance.voidVoucher(key, "sh01", "收款人账号有误").state());

        assertEquals(2, nodes.finance.submit(TwoNodes.sample("VD001")).version());
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("version 2 paid", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.CONFIRMED);
        List<VoucherView> versions = nodes.finance.versions(key);
        assertEquals(List.of(VoucherState.VOIDED, VoucherState.CONFIRMED), versions.stream().map(VoucherView::state)
                .toList());
        assertEquals(DeliveryStatus.RETURNED, versions.get(0).status());
        assertEquals(List.of(VoucherState.RETURNED, VoucherState.REPLIED), nodes.bank.versions(key).stream()
                .map(VoucherView::state).toList());
        // a voucher that may be paid is not voided
        assertEquals(RejectCode.WRONG_STATE, assertThrows(JinkuException.class,
                () -> nodes.finance.voidVoucher(key, "sh01", "too late")).code());
        assertTrue(nodes.finance.historyIntact(key));
        assertTrue(nodes.bank.historyIntact(key));
    }

    @Test
    void anOldVersionArrivingAfterTheNewOneIsRefused() throws Exception {
        Voucher first = TwoNodes.sample("VD002").withHeader(Map.of("PayeeAcctNo", "9990002"), null);
        VoucherKey key = first.key();
        nodes.finance.submit(first);
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("returned", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.RETURNED);
        String oldEnvelope = envelope(nodes.catalog.forSending(first), nodes.crypto, LR, SH);
        nodes.finance.voidVoucher(key, "sh01", "更正");
        nodes.finance.submit(TwoNodes.sample("VD002"));
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("version 2 paid", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.CONFIRMED);

        // the first version, signed by finance's own operators, delivered again after the second
        mallory().send("bank", new PeerTransport.Message("VOUCHER", "finance", "replay-v1", Map.of(),
                oldEnvelope.getBytes(GBK)));
        TwoNodes.await("the bank refused the old version", () -> nodes.bank.rejections(10).stream()
                .anyMatch(r -> r.code() == RejectCode.OLD_VERSION));
        assertEquals(VoucherState.REPLIED, nodes.bank.find(key, 0).orElseThrow().state());
        assertEquals(2, nodes.bank.versions(key).size());
    }

    @Test
    void theSenderRefusesAReceiptAndTheBankCorrectsIt() throws Exception {
        Voucher v = TwoNodes.sample("RR001");
        VoucherKey key = v.key();
        nodes.finance.submit(v);
        nodes.finance.sign(key, "lr01", TwoNodes.PIN);
        nodes.finance.sign(key, "sh01", TwoNodes.PIN);
        TwoNodes.await("paid", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.CONFIRMED);
        TwoNodes.await("bank sees its receipt accepted", () -> nodes.bank.find(key, 1).orElseThrow().status()
                == DeliveryStatus.RECEIPT_ACCEPTED);

        VoucherView refused = nodes.finance.refuseReceipt(key, "sh01", "银行交易流水号与对账单不符");
        assertEquals(VoucherState.REFUSED, refused.state());
        assertEquals(VoucherState.ACCEPTED, nodes.finance.find(key, 0).orElseThrow().state());
        assertEquals(DeliveryStatus.ACCEPTED, nodes.finance.find(key, 0).orElseThrow().status());
        TwoNodes.await("status 10 at the bank", () -> nodes.bank.find(key, 1).orElseThrow().status()
                == DeliveryStatus.RECEIPT_REFUSED);
        assertEquals(VoucherState.REFUSED, nodes.bank.find(key, 1).orElseThrow().state());

        Voucher corrected = nodes.bank.content(key, 1).orElseThrow().withHeader(Map.of("XAgentBusinessNo",
                "SIMFIXED0001"), null);
        nodes.bank.reply(key, corrected);
        TwoNodes.await("paid again", () -> nodes.finance.find(key, 0).orElseThrow().state() == VoucherState.CONFIRMED);
        assertEquals("SIMFIXED0001", nodes.finance.content(key, 1).orElseThrow().get("XAgentBusinessNo"));
        TwoNodes.await("status 9 at the bank", () -> nodes.bank.find(key, 1).orElseThrow().status()
                == DeliveryStatus.RECEIPT_ACCEPTED);
        assertTrue(nodes.finance.historyIntact(key));
        assertTrue(nodes.bank.historyIntact(key));
        // a second refusal of the corrected one is possible, of a refused one not
        assertEquals(RejectCode.WRONG_STATE, assertThrows(JinkuException.class, () -> {
            nodes.finance.returnReceipt(key, "sh01", "再次退回");
            nodes.finance.returnReceipt(key, "sh01", "再次退回");
        }).code());
    }
}
