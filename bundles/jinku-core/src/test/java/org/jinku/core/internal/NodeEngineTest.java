package org.jinku.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
import org.jinku.catalog.sample.SampleVouchers;
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

    private static Voucher sample(String no) {
        return SampleVouchers.directPayment("210000", "2026", no, 2, 50_000, "20261123");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void voucherRoundTripsToStatus12WithAnIntactHistory() throws Exception {
        Voucher v = sample("RT001");
        VoucherKey key = v.key();
        VoucherView draft = nodes.finance.submit(v);
        assertEquals(VoucherState.DRAFT, draft.state());
        assertEquals(DeliveryStatus.NOT_SENT, draft.status());
        assertEquals(VoucherState.SIGNING, nodes.finance.sign(key, "lr01").state());
        nodes.finance.sign(key, "sh01");

        await("status 12", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
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
        await("bank sees its receipt accepted",
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
        VoucherKey key = nodes.finance.submit(sample("SG001")).key();
        JinkuException early = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "sh01"));
        assertEquals(RejectCode.NOT_AUTHORIZED, early.code());
        assertTrue(early.getMessage().contains("ENTRY"), early.getMessage());
        nodes.finance.sign(key, "boss");
        JinkuException twice = assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "boss"));
        assertEquals(RejectCode.SAME_SIGNER_TWICE, twice.code());
        assertEquals(RejectCode.NOT_AUTHORIZED,
                assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "nobody")).code());
        nodes.finance.sign(key, "sh01");
        assertEquals(RejectCode.WRONG_STATE,
                assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "lr01")).code());
    }

    @Test
    void refusedSigningAttemptsAreRecorded() {
        VoucherKey key = nodes.finance.submit(sample("SG002")).key();
        assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "sh01"));
        assertThrows(JinkuException.class, () -> nodes.finance.sign(key, "mallory"));
        List<String> sources = nodes.finance.rejections(10).stream().map(r -> r.source()).toList();
        assertEquals(List.of("sign:mallory", "sign:sh01"), sources);
    }

    @Test
    void aBrokerOutageDelaysButLosesNothing() throws Exception {
        nodes.transport.down = true;
        VoucherKey key = nodes.finance.submit(sample("OUT01")).key();
        nodes.finance.sign(key, "lr01");
        nodes.finance.sign(key, "sh01");
        Thread.sleep(1500);
        VoucherView waiting = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.SIGNED, waiting.state());
        assertEquals(DeliveryStatus.NOT_SENT, waiting.status());
        nodes.transport.down = false;
        await("status 12 after the outage", () ->
                nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
    }

    @Test
    void aRestartedBankHandsItsAdapterWhatItHadNotAnswered() throws Exception {
        nodes.setAdapter(nodes.bank, null); // the bank's host system is down: received, not yet accepted
        VoucherKey key = nodes.finance.submit(sample("RST01")).key();
        nodes.finance.sign(key, "lr01");
        nodes.finance.sign(key, "sh01");
        await("received at the bank", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIVED);
        assertEquals(VoucherState.RECEIVED, nodes.bank.find(key, 0).orElseThrow().state());

        nodes.restartBank(nodes.simulator);
        await("status 12 after the restart", () ->
                nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RECEIPT_BACK);
        assertTrue(nodes.bank.historyIntact(key));
    }

    @Test
    void badSubmissionsAreRefusedAndRecorded() {
        Voucher v = sample("BD001");
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
        Voucher v = sample("RET01").withHeader(Map.of("PayeeAcctNo", "9990001"), null);
        VoucherKey key = nodes.finance.submit(v).key();
        nodes.finance.sign(key, "lr01");
        nodes.finance.sign(key, "sh01");
        await("status 5", () -> nodes.finance.find(key, 0).orElseThrow().status() == DeliveryStatus.RETURNED);
        VoucherView back = nodes.finance.find(key, 0).orElseThrow();
        assertEquals(VoucherState.RETURNED, back.state());
        assertTrue(back.reason().contains("9990001"), back.reason());
    }

    // ------------------------------------------------------------------ a hostile or broken peer

    private final BlockingQueue<PeerTransport.Message> acks = new LinkedBlockingQueue<>();

    private PeerTransport.Endpoint mallory() {
        return nodes.transport.open("mallory", acks::add);
    }

    private String envelope(Voucher v, SoftCryptoProvider crypto, String... positionAndAlias) {
        String b64 = nodes.catalog.toBase64(v);
        return envelopeOf(v.key(), b64, crypto, positionAndAlias);
    }

    private String envelopeOf(VoucherKey key, String b64, SoftCryptoProvider crypto, String... positionAndAlias) {
        List<SignatureEntry> sigs = new ArrayList<>();
        for (String pa : positionAndAlias) {
            String[] p = pa.split("=");
            Credential c = crypto.enroll(p[1], p[1], Credential.Kind.PERSON);
            byte[] cms = crypto.sign(p[1], b64.getBytes(StandardCharsets.US_ASCII));
            sigs.add(new SignatureEntry(p[0], c.serialHex(), Base64.getEncoder().encodeToString(cms)));
        }
        return new String(nodes.catalog.writeEnvelope(List.of(new EnvelopeEntry(key, 0, "", b64, sigs))),
                java.nio.charset.Charset.forName("GBK"));
    }

    private Map<String, String> sendToBank(PeerTransport.Endpoint from, String ref, String envelope) throws Exception {
        from.send("bank", new PeerTransport.Message("VOUCHER", "mallory", ref, Map.of(),
                envelope.getBytes(java.nio.charset.Charset.forName("GBK"))));
        PeerTransport.Message ack = nextAck();
        Ack a = Ack.fromJson(ack.body());
        nodes.crypto.verify(ack.body(), Base64.getDecoder().decode(ack.header("signature")));
        return Map.of("step", a.step().name(), "code", a.code() == null ? "" : a.code().name(),
                "reason", a.reason() == null ? "" : a.reason(), "ref", a.ref());
    }

    @Test
    void bankRefusesEachKindOfBadEnvelopeWithAReasonAndKeepsWhatItStored() throws Exception {
        PeerTransport.Endpoint m = mallory();
        String good = "cz_lr=mallory/a";
        String review = "cz_sh=mallory/b";
        Voucher v = sample("EV001");

        Map<String, String> ok = sendToBank(m, "r0", envelope(v, nodes.crypto, good, review));
        assertEquals("RECEIVED", ok.get("step"), ok.toString());

        assertRefused(m, "<MOF><VoucherCount>1</VoucherCount><VoucherBody", RejectCode.MALFORMED_XML, "malformed XML");
        assertRefused(m, envelopeOf(sample("EV002").key(), "PFZvdWNoZXI+!!", nodes.crypto, good, review),
                RejectCode.BAD_BASE64, "base64");
        assertRefused(m, envelope(sample("EV003"), nodes.crypto, good), RejectCode.MISSING_SIGNATURE, "cz_sh");
        String otherText = nodes.catalog.toBase64(sample("EV099"));
        String wrongSig = envelope(sample("EV004"), nodes.crypto, good, review);
        String forged = envelopeOf(sample("EV004").key(), otherText, nodes.crypto, good, review);
        String forgedSigs = forged.substring(forged.indexOf("<SignatureList>"));
        wrongSig = wrongSig.substring(0, wrongSig.indexOf("<SignatureList>")) + forgedSigs;
        assertRefused(m, wrongSig, RejectCode.BAD_SIGNATURE, "does not match");
        SoftCryptoProvider rogueCa = SoftCryptoProvider.open(dir.resolve("rogue"));
        assertRefused(m, envelope(sample("EV005"), rogueCa, good, review), RejectCode.UNKNOWN_CERTIFICATE, "cz_lr");
        Voucher threeDecimals = sample("EV006").withHeader(Map.of("PayAmt", "1000.001"), null);
        assertRefused(m, envelope(threeDecimals, nodes.crypto, good, review), RejectCode.INVALID_FIELD, "two decimals");
        assertRefused(m, envelope(sample("EV007"), nodes.crypto, good, "cz_sh=mallory/a"),
                RejectCode.SAME_SIGNER_TWICE, "already signed");
        Voucher changed = v.withHeader(Map.of("PayeeAcctName", "另一个收款人"), null);
        assertRefused(m, envelope(changed, nodes.crypto, good, review), RejectCode.DUPLICATE_VOUCHER, "other content");

        // the first voucher is still there, unchanged; the refused ones were never stored
        assertEquals(v, nodes.bank.content(v.key(), 0).orElseThrow());
        for (String no : List.of("EV002", "EV003", "EV004", "EV005", "EV006", "EV007")) {
            assertFalse(nodes.bank.find(sample(no).key(), 0).isPresent(), no);
        }
        assertEquals(8, nodes.bank.rejections(100).size());
    }

    /** The next acknowledgement; the bank's receipts (VOUCHER messages) for accepted vouchers are skipped. */
    private PeerTransport.Message nextAck() throws InterruptedException {
        while (true) {
            PeerTransport.Message m = acks.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "the bank did not answer");
            if (Ack.TYPE.equals(m.type())) {
                return m;
            }
        }
    }

    private void assertRefused(PeerTransport.Endpoint m, String envelope, RejectCode code, String reasonPart)
            throws Exception {
        Map<String, String> ack = sendToBank(m, "ref-" + code, envelope);
        // skip acknowledgements of the accepted voucher (签收 and its receipt's flow) that may interleave
        while (!ack.get("step").equals("RECEIVE_FAILED")) {
            PeerTransport.Message next = nextAck();
            Ack a = Ack.fromJson(next.body());
            ack = Map.of("step", a.step().name(), "code", a.code() == null ? "" : a.code().name(),
                    "reason", a.reason() == null ? "" : a.reason(), "ref", a.ref());
        }
        assertEquals(code.name(), ack.get("code"), ack.toString());
        assertTrue(ack.get("reason").contains(reasonPart), ack.get("reason"));
    }

    @Test
    void messagesFromStrangersAreRecordedAndNeverAnswered() throws Exception {
        PeerTransport.Endpoint stranger = nodes.transport.open("stranger", acks::add);
        Voucher v = sample("STR01");
        stranger.send("bank", new PeerTransport.Message("VOUCHER", "stranger", "s1", Map.of(),
                envelope(v, nodes.crypto, "cz_lr=mallory/a", "cz_sh=mallory/b").getBytes(java.nio.charset.Charset.forName("GBK"))));
        await("refusal recorded", () -> !nodes.bank.rejections(10).isEmpty());
        assertEquals(RejectCode.NOT_AUTHORIZED, nodes.bank.rejections(10).get(0).code());
        assertFalse(nodes.bank.find(v.key(), 0).isPresent());
        assertEquals(null, acks.poll(500, TimeUnit.MILLISECONDS), "a stranger gets no answer");
    }

    @Test
    void aReceiptMustBeTheVoucherSentWithOnlyTheXFieldsFilled() {
        Voucher sent = sample("RC001");
        Voucher receipt = org.jinku.sim.bank.internal.BankSimulator.receipt(sent);
        assertEquals(null, Inbox.receiptMismatch(sent, receipt, "PayAmt"));
        Voucher otherPayee = receipt.withHeader(Map.of("PayeeAcctNo", "6222000000000000001"), null);
        assertTrue(Inbox.receiptMismatch(sent, otherPayee, "PayAmt").contains("PayeeAcctNo"));
        Voucher overpaid = receipt.withHeader(Map.of("XPayAmt", "1000.01"), null);
        assertTrue(Inbox.receiptMismatch(sent, overpaid, "PayAmt").contains("outside"));
        Voucher lineDropped = receipt.withHeader(Map.of(), receipt.details().subList(0, 1));
        assertTrue(Inbox.receiptMismatch(sent, lineDropped, "PayAmt").contains("detail line"));
    }

    @Test
    void identicalRedeliveryChangesNothing() throws Exception {
        PeerTransport.Endpoint m = mallory();
        Voucher v = sample("DUP01");
        String env = envelope(v, nodes.crypto, "cz_lr=mallory/a", "cz_sh=mallory/b");
        assertEquals("RECEIVED", sendToBank(m, "d1", env).get("step"));
        await("bank replied", () -> nodes.bank.find(v.key(), 1).isPresent());
        String receiptDigest = nodes.bank.find(v.key(), 1).orElseThrow().digest();
        acks.clear();
        assertEquals("RECEIVED", sendToBank(m, "d2", env).get("step"));
        await("duplicate recorded", () -> nodes.bank.history(v.key()).stream().anyMatch(e -> e.kind().equals("DUPLICATE")));
        assertEquals(receiptDigest, nodes.bank.find(v.key(), 1).orElseThrow().digest());
        assertEquals(1, nodes.bank.list(100).stream().filter(x -> x.key().equals(v.key()) && x.voucherFlag() == 1).count());
        assertTrue(nodes.bank.rejections(10).isEmpty());
    }
}
