package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.jinku.api.VoucherKey;

/**
 * Deployed front-ends on Jinku through the voucher library's SOAP API only (docs/legacy-soap.md): finance, agent
 * bank 105 and the PBoC bind the legacy-soap adapter instead of simulators, and this test plays their front-ends
 * as Apache Axis 1.4 clients do — HTTP/1.0, {@code SOAPAction: ""}, RPC/encoded bodies with {@code arg0…argN},
 * strings as {@code soapenc:string}, ints as {@code multiRef}s, {@code String[]} as {@code soapenc:Array}, non-ASCII
 * as character references. The request bodies are written out here as Axis writes them (captured from a real
 * Axis 1.4 client, see the adapter's src/test/resources/axis), not produced by Jinku's own classes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LegacySoapIT extends JinkuTestSupport {

    static final Charset GBK = Charset.forName("GBK");
    static final String FINANCE = "AsspFinanceService";
    static final String BANK = "AsspPBankService";
    static final String PBOC = "AsspCBankService";
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        // The front-ends answer for these three nodes: no simulator may answer first.
        for (String node : List.of("finance", "bank105", "pboc")) {
            options.add(editConfigurationFilePut("etc/jinku.node-" + node + ".cfg", "adapter.target",
                    "(jinku.adapter=legacy-soap)"));
        }
        // Finance's operators also sign in their front-end with MOF CA keys (RSA/SHA-1): the site trusts that CA,
        // maps each key's serial to its operator, and bank 105 accepts finance's person signatures under it.
        MofCaFrontEnd mof;
        try {
            mof = MofCaFrontEnd.create(java.nio.file.Path.of("target", "mof-ca").toAbsolutePath());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the MOF CA front-end's keys", e);
        }
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile(
                "data/jinku/keys/trust/mof-ca.pem", mof.caPem().toFile()));
        options.add(editConfigurationFilePut("etc/jinku.adapter.legacysoap.cfg", "certid.TC011LR01.serial",
                MofCaFrontEnd.LR01_SERIAL));
        options.add(editConfigurationFilePut("etc/jinku.adapter.legacysoap.cfg", "certid.TC011SH01.serial",
                MofCaFrontEnd.SH01_SERIAL));
        options.add(editConfigurationFilePut("etc/jinku.node-bank105.cfg", "peer.finance.person.ca",
                MofCaFrontEnd.SUBJECT));
        options.add(editConfigurationFilePut("etc/system.properties", MofCaFrontEnd.PROPERTY, mof.dir().toString()));
        return options.toArray(new Option[0]);
    }

    private void installAdapter() throws Exception {
        installFeature("jinku-adapter-legacy-soap");
        String[] last = {"nothing yet"};
        try {
            await("the legacy SOAP endpoints bound to their nodes", () -> {
                try {
                    Reply r = call(FINANCE, batchQueryAllVoucherStatus("011", "5201", "NONE"));
                    last[0] = r.status + " " + r.body;
                    return r.status == 200;
                } catch (Exception e) {
                    last[0] = e.toString();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0] + "; components: "
                    + shell("scr:list").lines().filter(l -> l.contains("Legacy")).toList());
        }
    }

    // ------------------------------------------------------------------ the two flows

    @Test
    public void directPaymentThroughTheSoapApiOnly() throws Exception {
        installAdapter();
        String no = "SOAP5201-" + RUN;
        byte[] envelope = mof("5201", no, 0, voucher5201(no));

        // finance: the entry clerk writes and signs at cz_lr, the reviewer signs at cz_sh and sends to bank 105
        Reply signed = call(FINANCE, signByNos("TC011LR01", "5201", envelope, "cz_lr"));
        assertEquals(signed.body, 200, signed.status);
        Reply sent = call(FINANCE, signByNosAndSend("TC011SH01", "5201", envelope, "cz_sh", "011", "105"));
        assertEquals(sent.body, 200, sent.status);
        assertTrue(sent.body, sent.map().containsKey(no));

        // bank 105: reads it (the library's MOF envelope, GBK), confirms it, writes the 回单 and sends it back
        byte[] read = awaitRead(BANK, "105", "5201");
        Document mof = parse(read);
        assertEquals("1", text(mof, "VoucherCount"));
        String voucherText = text(mof, "Voucher");
        assertEquals("the voucher is read as finance signed it, both signatures with it", 2,
                mof.getElementsByTagName("Signature").getLength());
        Reply confirmed = call(BANK, confirmVoucher("105", "5201", no));
        assertEquals(confirmed.body, 200, confirmed.status);
        assertNull("read once: nothing unread is left", call(BANK, readVoucher("105", "5201", 10)).base64());
        List<org.jinku.api.EventView> events = directory.require("bank105").history(key("5201", no));
        assertTrue("read and confirmed by the account yh01, the certID in the detail: " + events, events.stream()
                .anyMatch(e -> "yh01".equals(e.actor()) && e.detail() != null && e.detail().contains("certID 105"))
                && events.stream().anyMatch(e -> !"READ_BY_HOST".equals(e.kind()) && "yh01".equals(e.actor())));
        byte[] receipt = mof("5201", no, 1, fillReceipt(Base64.getDecoder().decode(voucherText), Map.of(
                "XPayDate", "20261124", "XAgentBusinessNo", "CCB" + RUN, "XPayAmt", "1500.50"),
                List.of("1000.00", "500.50")));
        Reply answered = call(BANK, signStampByNosAndSend("105", "5201", receipt, "yh_qz", "105", "011"));
        assertEquals(answered.body, 200, answered.status);

        // finance polls until 12: 已收到对方回单
        await("status 12 at finance", () -> "12".equals(statusOf(FINANCE, "011", "5201", no)));
        Object[] pair = (Object[]) call(FINANCE, batchQueryAllVoucherStatus("011", "5201", no)).map().get(no);
        assertEquals("已收到对方回单", pair[1]);
        assertTrue(directory.require("finance").historyIntact(new VoucherKey("210000", "2026", "5201", no)));
    }

    @Test
    public void clearingThroughTheSoapApiOnly() throws Exception {
        installAdapter();
        String no = "SOAP2301-" + RUN;
        byte[] envelope = mof("2301", no, 0, voucher2301(no));

        // bank 105 signs at yh_lr and yh_sh and sends the 申请划款凭证 to the PBoC (org type 001)
        assertEquals(200, call(BANK, signByNos("TC105YH01", "2301", envelope, "yh_lr")).status);
        Reply sent = call(BANK, signStampByNosAndSend("TC105YH02", "2301", envelope, "yh_sh", "105", "001"));
        assertEquals(sent.body, 200, sent.status);

        // the PBoC's front-end passes its org type as certID, as deployed ones do
        byte[] read = awaitRead(PBOC, "001", "2301");
        String voucherText = text(parse(read), "Voucher");
        assertEquals(200, call(PBOC, confirmVoucher("001", "2301", no)).status);
        byte[] receipt = mof("2301", no, 1, fillReceipt(Base64.getDecoder().decode(voucherText), Map.of(
                "XClearDate", "20261124", "XPayAmt", "1500.50"), List.of("1500.50")));
        Reply answered = call(PBOC, signStampByNosAndSend("001", "2301", receipt, "rh_ywzqz", "001", "105"));
        assertEquals(answered.body, 200, answered.status);

        // the 回单 goes to the bank and a copy to finance
        await("status 12 at the bank", () -> "12".equals(statusOf(BANK, "105", "2301", no)));
        await("finance holds the copy", () -> {
            try {
                String s = call(PBOC, queryVoucherStatusByOrgType("001", "2301", no, "011")).mapFirst();
                return "7".equals(s) || "9".equals(s);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(directory.require("finance").find(new VoucherKey("210000", "2026", "2301", no), 1).isPresent());
    }

    /**
     * saveSignVoucher of a 5201 that finance's operators signed in their front-end with MOF CA keys (RSA/SHA-1
     * PKCS#7): stored with its text and signatures byte for byte, sent, and read by the bank's front-end as it was
     * signed; the same signatures over changed text are EVS121 and store nothing.
     */
    @Test
    public void vouchersSignedElsewhereWithMofCaKeysAreKeptByteForByte() throws Exception {
        installAdapter();
        MofCaFrontEnd mof = MofCaFrontEnd.load();
        String no = mof.voucherNo();

        Reply tampered = call(FINANCE, saveSignVoucher("TC011LR01", "5201", mof.tamperedEnvelope()));
        assertFault("EVS121", tampered);
        assertTrue(directory.require("finance").find(key("5201", no), 0).isEmpty());

        Reply saved = call(FINANCE, saveSignVoucher("TC011LR01", "5201", mof.envelope()));
        assertEquals(saved.body, 200, saved.status);
        assertEquals("bound to the operators by their MOF CA serials", List.of("lr01", "sh01"), directory
                .require("finance").find(key("5201", no), 0).orElseThrow().signatures().stream()
                .map(org.jinku.api.VoucherView.SignatureView::userId).toList());

        await("the MOF CA signed voucher at bank 105", () -> directory.require("bank105").find(key("5201", no), 0)
                .isPresent());
        Document read = parse(call(BANK, readVoucherAgain("105", "5201", 100)).base64());
        Element body = null;
        NodeList bodies = read.getElementsByTagName("VoucherBody");
        for (int i = 0; i < bodies.getLength(); i++) {
            if (no.equals(((Element) bodies.item(i)).getAttribute("VoucherNo"))) {
                body = (Element) bodies.item(i);
            }
        }
        assertNotNull(no + " is read at the bank", body);
        assertEquals("the front-end's own text", mof.voucherBase64(),
                body.getElementsByTagName("Voucher").item(0).getTextContent().trim());
        NodeList signatures = body.getElementsByTagName("Signature");
        assertEquals(2, signatures.getLength());
        for (int i = 0; i < 2; i++) {
            assertEquals("signature " + i + " as the front-end made it", mof.cmsBase64().get(i),
                    signatures.item(i).getTextContent().trim());
        }
    }

    // ------------------------------------------------------------------ bad calls: each its own code

    @Test
    public void badCallsAreFaultsEachWithItsOwnCode() throws Exception {
        installAdapter();
        // wrong argument count: readVoucher without voucherCount
        assertFault("EVS100", call(BANK, envelope("readVoucher", str(0, "105") + str(1, "210000") + ref(2, 0)
                + str(3, "5201"), multiRef(0, 2026))));
        // wrong type: stYear as a string
        assertFault("EVS101", call(BANK, envelope("readVoucher", str(0, "105") + str(1, "210000") + str(2, "二〇二六")
                + str(3, "5201") + ref(4, 0), multiRef(0, 10))));
        // unknown VtCode
        assertFault("EVS102", call(BANK, readVoucher("105", "9999", 10)));
        // more than 100 in one read
        assertFault("EVS103", call(BANK, readVoucher("105", "5201", 101)));
        // unknown certID
        assertFault("EVS110", callAs("yh01", BANK, readVoucher("TC-UNKNOWN", "5201", 10)));
        // the front-end must log in with an account: none, or a wrong password, is 401 with EVS170
        Reply anonymous = callAs(null, BANK, readVoucher("105", "5201", 10));
        assertEquals(anonymous.body, 401, anonymous.status);
        assertTrue(anonymous.faultString(), anonymous.faultString().contains("Exception: EVS170#"));
        // an account with no post on the node served, or another operator's certID: refused
        assertFault("EVS111", callAs("lr01", BANK, readVoucher("105", "5201", 10)));
        assertFault("EVS111", callAs("yh02", BANK, readVoucher("TC105YH01", "5201", 10)));
        // an envelope whose signature is broken: lr01's real SM2 signature, made over another voucher's text
        String other = "SOAPSIG-" + RUN;
        assertEquals(200, call(FINANCE, signByNos("TC011LR01", "5201", mof("5201", other, 0, voucher5201(other)),
                "cz_lr")).status);
        Element realSignature = (Element) parse(directory.require("finance").envelope(key("5201", other), 0)
                .orElseThrow()).getElementsByTagName("Signature").item(0);
        String no = "SOAPBAD-" + RUN;
        byte[] text = voucher5201(no);
        byte[] signedElsewhere = ("<?xml version=\"1.0\" encoding=\"GBK\"?><MOF><VoucherCount>1</VoucherCount>"
                + "<VoucherBody AdmDivCode=\"210000\" StYear=\"2026\" VtCode=\"5201\" VoucherNo=\"" + no + "\">"
                + "<VoucherFlag>0</VoucherFlag><Attach></Attach><Voucher>" + Base64.getEncoder().encodeToString(text)
                + "</Voucher><SignatureList><Signature No=\"cz_lr\" SN=\"" + realSignature.getAttribute("SN") + "\">"
                + realSignature.getTextContent().trim() + "</Signature></SignatureList></VoucherBody></MOF>")
                .getBytes(GBK);
        Reply broken = call(FINANCE, saveSignVoucher("TC011LR01", "5201", signedElsewhere));
        assertFault("EVS121", broken);
        assertTrue("nothing stored", directory.require("finance").find(new VoucherKey("210000", "2026", "5201", no), 0)
                .isEmpty());
        // each operation needs its post: writing a voucher is the entry clerk's (yh02 reviews), cancelling a stamp
        // the sealer's or the reviewer's (yh01 enters)
        String notEntry = "SOAPPOST-" + RUN;
        Reply reviewerWrites = callAs("yh02", BANK, signByNos("TC105YH02", "2301", mof("2301", notEntry, 0,
                voucher2301(notEntry)), "yh_lr"));
        assertFault("EVS111", reviewerWrites);
        assertTrue(reviewerWrites.faultString(), reviewerWrites.faultString().contains("needs entry@bank105"));
        assertTrue(directory.require("bank105").find(key("2301", notEntry), 0).isEmpty());
        assertFault("EVS111", callAs("yh01", BANK, envelope("cancelStampWithPosition", str(0, "105")
                + str(1, "210000") + ref(2, 0) + str(3, "5201") + str(4, other) + str(5, "yh_qz"), multiRef(0, 2026))));
        // sent to a party it does not go to: refused before anything is signed
        String astray = "SOAPASTRAY-" + RUN;
        byte[] astrayEnvelope = mof("5201", astray, 0, voucher5201(astray));
        assertEquals(200, call(FINANCE, signByNos("TC011LR01", "5201", astrayEnvelope, "cz_lr")).status);
        assertFault("EVS105", call(FINANCE, signByNosAndSend("TC011SH01", "5201", astrayEnvelope, "cz_sh", "011",
                "102")));
        assertEquals("the reviewer did not sign", 1, directory.require("finance").find(new VoucherKey("210000", "2026",
                "5201", astray), 0).orElseThrow().signatures().size());
        // sent before it is complete: refused before signing
        assertFault("EVS132", call(FINANCE, signByNosAndSend("TC011LR01", "5201", mof("5201", astray + "X", 0,
                voucher5201(astray + "X")), "cz_lr", "011", "105")));
        // a second confirm of the same voucher
        String twice = "SOAPTWICE-" + RUN;
        byte[] envelope = mof("5201", twice, 0, voucher5201(twice));
        assertEquals(200, call(FINANCE, signByNos("TC011LR01", "5201", envelope, "cz_lr")).status);
        assertEquals(200, call(FINANCE, signByNosAndSend("TC011SH01", "5201", envelope, "cz_sh", "011", "105")).status);
        awaitRead(BANK, "105", "5201");
        assertEquals(200, call(BANK, confirmVoucher("105", "5201", twice)).status);
        assertFault("EVS131", call(BANK, confirmVoucher("105", "5201", twice)));
        // and the WSDL describes the API
        Reply wsdl = getService(FINANCE + "?wsdl");
        assertEquals(200, wsdl.status);
        assertTrue(wsdl.body.contains("readVoucherAgain") && wsdl.body.contains("signStampByNosAndSend"));
    }

    /** The other operations of the API, as front-ends use them around the two flows. */
    @Test
    public void answeringVoidingPrintingAndAttachments() throws Exception {
        installAdapter();
        // the positions a finance front-end signs a 5201 at
        Map<String, Object> positions = call(FINANCE, envelope("queryStampPositionWithName", str(0, "011")
                + str(1, "210000") + ref(2, 0) + str(3, "5201"), multiRef(0, 2026))).map();
        assertEquals("财政录入", positions.get("cz_lr"));
        assertEquals("财政审核", positions.get("cz_sh"));

        // written and signed once, then voided (作废) before it is sent
        String voided = "SOAPVOID-" + RUN;
        assertEquals(200, call(FINANCE, signByNos("TC011LR01", "5201", mof("5201", voided, 0, voucher5201(voided)),
                "cz_lr")).status);
        assertEquals(200, call(FINANCE, envelope("discardVoucher", str(0, "011") + str(1, "210000") + ref(2, 0)
                + str(3, "5201") + strings(4, voided), multiRef(0, 2026))).status);
        assertEquals("VOIDED", directory.require("finance").find(key("5201", voided), 0).orElseThrow().state().name());

        // refused (签收失败) and returned (退回) by the bank's front-end, each with its reason
        String refused = "SOAPFAIL-" + RUN;
        String returned = "SOAPRET-" + RUN;
        for (String no : List.of(refused, returned)) {
            byte[] e = mof("5201", no, 0, voucher5201(no));
            assertEquals(200, call(FINANCE, signByNos("TC011LR01", "5201", e, "cz_lr")).status);
            assertEquals(200, call(FINANCE, signByNosAndSend("TC011SH01", "5201", e, "cz_sh", "011", "105")).status);
        }
        await("both at the bank", () -> directory.require("bank105").unanswered("5201", 500).stream()
                .filter(v -> v.key().voucherNo().equals(refused) || v.key().voucherNo().equals(returned)).count() == 2);
        assertEquals(200, call(BANK, envelope("confirmVoucherFail", str(0, "105") + str(1, "210000") + ref(2, 0)
                + str(3, "5201") + strings(4, refused) + strings(5, "收款人账户已销户"), multiRef(0, 2026))).status);
        assertEquals(200, call(BANK, envelope("returnVoucher", str(0, "105") + str(1, "210000") + ref(2, 0)
                + str(3, "5201") + strings(4, returned) + strings(5, "用途与附件不符"), multiRef(0, 2026))).status);
        await("4 and 5 at finance", () -> "4".equals(statusOf(FINANCE, "011", "5201", refused))
                && "5".equals(statusOf(FINANCE, "011", "5201", returned)));
        assertTrue(directory.require("finance").find(key("5201", refused), 0).orElseThrow().reason()
                .contains("收款人账户已销户"));

        // sendVoucher: a voucher on its way is fine; a destination it does not go to is refused
        assertEquals(200, call(FINANCE, sendVoucher("011", "011", "105", returned)).status);
        assertFault("EVS105", call(FINANCE, sendVoucher("011", "011", "102", returned)));

        // printed: a PDF, and the print count grows
        Reply pdf = call(FINANCE, envelope("exportPDF", str(0, "011") + str(1, "210000") + ref(2, 0) + str(3, "5201")
                + ref(4, 1) + str(5, returned), multiRef(1, 0) + multiRef(0, 2026)));
        assertTrue(new String(pdf.base64(), StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        Reply count = call(FINANCE, envelope("queryVoucherPrintCount", str(0, "011") + str(1, "210000") + ref(2, 0)
                + str(3, "5201") + str(4, returned), multiRef(0, 2026)));
        assertEquals("1", count.returnElement().getTextContent().trim());

        // an attachment from finance to the bank, in one block; taken once
        byte[] data = new byte[1024 * 1024];
        new java.util.Random(9).nextBytes(data);
        assertEquals(200, call(FINANCE, envelope("sendData", str(0, "011") + str(1, "210000") + str(2, "011")
                + str(3, "105") + ref(4, 0) + bytes(5, data), multiRef(0, 2026))).status);
        byte[][] got = new byte[1][];
        await("the attachment at the bank", () -> {
            try {
                got[0] = call(BANK, envelope("getData", str(0, "105") + ref(1, 0) + str(2, "210000"),
                        multiRef(0, 2026))).base64();
                return got[0] != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(java.util.Arrays.equals(data, got[0]));
        assertNull(call(BANK, envelope("getData", str(0, "105") + ref(1, 0) + str(2, "210000"), multiRef(0, 2026)))
                .base64());
    }

    private static VoucherKey key(String vtCode, String no) {
        return new VoucherKey("210000", "2026", vtCode, no);
    }

    static String sendVoucher(String certId, String src, String dec, String... nos) {
        return envelope("sendVoucher", str(0, certId) + str(1, "210000") + str(2, src) + str(3, dec) + ref(4, 0)
                + str(5, "5201") + strings(6, nos), multiRef(0, 2026));
    }

    /**
     * The limit of one read, 100, in one readVoucherAgain and one confirmVoucher; then none is left unconfirmed.
     * The speed of these calls is measured by {@code ./jinku bench soap}, not here.
     */
    @Test
    public void readAndConfirmAHundred() throws Exception {
        installAdapter();
        org.jinku.api.Node finance = directory.require("finance");
        List<String> nos = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String no = "SOAP100-" + RUN + "-" + i;
            finance.submit(org.jinku.catalog.sample.SampleVouchers.directPayment("210000", "2026", no, 1, 10_000,
                    "20261124").withHeader(Map.of("PayBankCode", "105"), null));
            finance.sign(new VoucherKey("210000", "2026", "5201", no), "lr01", FINANCE_PINS.get("lr01"));
            finance.sign(new VoucherKey("210000", "2026", "5201", no), "sh01", FINANCE_PINS.get("sh01"));
            nos.add(no);
        }
        org.jinku.api.Node bank = directory.require("bank105");
        await("100 vouchers at bank 105", () -> bank.unanswered("5201", 200).size() >= 100);
        Reply read = call(BANK, readVoucherAgain("105", "5201", 100));
        Document mof = parse(read.base64());
        assertEquals("100", text(mof, "VoucherCount"));
        Reply confirmed = call(BANK, confirmVoucher("105", "5201", nos.toArray(new String[0])));
        assertEquals(confirmed.body, 200, confirmed.status);
        for (String no : nos) {
            assertEquals(no, org.jinku.api.VoucherState.ACCEPTED,
                    bank.find(new VoucherKey("210000", "2026", "5201", no), 0).orElseThrow().state());
        }
        byte[] again = call(BANK, readVoucherAgain("105", "5201", 100)).base64();
        String unconfirmed = again == null ? "" : new String(again, GBK);
        for (String no : nos) {
            assertTrue(no + " is read again after it was confirmed", !unconfirmed.contains("\"" + no + "\""));
        }
    }

    // ------------------------------------------------------------------ the front-ends' own helpers

    private byte[] awaitRead(String service, String certId, String vtCode) throws Exception {
        byte[][] got = new byte[1][];
        await(vtCode + " to read at " + service, () -> {
            try {
                got[0] = call(service, readVoucher(certId, vtCode, 10)).base64();
                return got[0] != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return got[0];
    }

    private String statusOf(String service, String certId, String vtCode, String no) {
        try {
            Object[] pair = (Object[]) call(service, batchQueryAllVoucherStatus(certId, vtCode, no)).map().get(no);
            return (String) pair[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertFault(String code, Reply r) {
        assertEquals(r.body, 500, r.status);
        String fault = r.faultString();
        assertTrue(fault, fault.contains("Exception: " + code + "#"));
    }

    /** An MOF envelope of one voucher, as front-ends write it: GBK, the voucher XML in base64. */
    static byte[] mof(String vtCode, String no, int flag, byte[] voucherXml) {
        return ("<?xml version=\"1.0\" encoding=\"GBK\"?>\r\n<MOF>\r\n   <VoucherCount>1</VoucherCount>\r\n"
                + "   <VoucherBody AdmDivCode=\"210000\" StYear=\"2026\" VtCode=\"" + vtCode + "\" VoucherNo=\"" + no
                + "\">\r\n      <VoucherFlag>" + flag + "</VoucherFlag>\r\n      <Attach></Attach>\r\n      <Voucher>"
                + Base64.getEncoder().encodeToString(voucherXml) + "</Voucher>\r\n</VoucherBody>\r\n </MOF>")
                .getBytes(GBK);
    }

    static byte[] voucher5201(String no) {
        return ("<?xml version=\"1.0\" encoding=\"GBK\"?><Voucher><Id>ID-" + no + "</Id><AdmDivCode>210000</AdmDivCode>"
                + "<StYear>2026</StYear><VtCode>5201</VtCode><VouDate>20261124</VouDate><VoucherNo>" + no + "</VoucherNo>"
                + "<FundTypeCode>1</FundTypeCode><FundTypeName>一般公共预算资金</FundTypeName><PayTypeCode>11</PayTypeCode>"
                + "<PayTypeName>直接支付</PayTypeName><AgencyCode>201001</AgencyCode><AgencyName>辽宁省教育厅机关</AgencyName>"
                + "<PayBankCode>105</PayBankCode><PayBankName>中国建设银行辽宁省分行</PayBankName>"
                + "<PayeeAcctNo>21050110080000000123</PayeeAcctNo><PayeeAcctName>沈阳市启明教学设备有限公司</PayeeAcctName>"
                + "<PayAcctNo>21001370100052500001</PayAcctNo><PayAcctName>辽宁省财政厅零余额账户</PayAcctName>"
                + "<PayAmt>1500.50</PayAmt><BusinessTypeCode>4</BusinessTypeCode><BusinessTypeName>批量</BusinessTypeName>"
                + "<DetailList><Detail><Id>" + no + "-1</Id><PayeeAcctNo>21050110080000000123</PayeeAcctNo>"
                + "<PayeeAcctName>沈阳市启明教学设备有限公司</PayeeAcctName><PayAmt>1000.00</PayAmt></Detail>"
                + "<Detail><Id>" + no + "-2</Id><PayeeAcctNo>6217000010001234567</PayeeAcctNo>"
                + "<PayeeAcctName>沈阳市育才图书发行有限公司</PayeeAcctName><PayAmt>500.50</PayAmt></Detail></DetailList>"
                + "</Voucher>").getBytes(GBK);
    }

    static byte[] voucher2301(String no) {
        return ("<?xml version=\"1.0\" encoding=\"GBK\"?><Voucher><Id>ID-" + no + "</Id><AdmDivCode>210000</AdmDivCode>"
                + "<StYear>2026</StYear><VtCode>2301</VtCode><VouDate>20261124</VouDate><VoucherNo>" + no + "</VoucherNo>"
                + "<TreCode>2100000000</TreCode><PayTypeCode>11</PayTypeCode><PayTypeName>直接支付</PayTypeName>"
                + "<PayAmt>1500.50</PayAmt><PayBankCode>105</PayBankCode><PayBankName>中国建设银行辽宁省分行</PayBankName>"
                + "<Remark>直接支付申请划款</Remark><DetailList><Detail><Id>" + no + "-1</Id><VoucherNo>EX-0001</VoucherNo>"
                + "<OriVtCode>5201</OriVtCode><PayAmt>1500.50</PayAmt><PayDate>20261124</PayDate></Detail></DetailList>"
                + "</Voucher>").getBytes(GBK);
    }

    /** The front-end's 回单: the voucher as read, its X fields filled in place (header, then each line's XPayAmt). */
    static byte[] fillReceipt(byte[] voucherXml, Map<String, String> header, List<String> linePaid) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(voucherXml));
        Element root = d.getDocumentElement();
        for (Map.Entry<String, String> e : header.entrySet()) {
            child(d, root, e.getKey()).setTextContent(e.getValue());
        }
        NodeList lines = root.getElementsByTagName("Detail");
        for (int i = 0; i < lines.getLength(); i++) {
            child(d, (Element) lines.item(i), "XPayAmt").setTextContent(linePaid.get(i));
        }
        StringWriter out = new StringWriter();
        var t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "GBK");
        t.transform(new DOMSource(d), new StreamResult(out));
        return out.toString().getBytes(GBK);
    }

    private static Element child(Document d, Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        Element e = d.createElement(name);
        parent.appendChild(e);
        return e;
    }

    // ------------------------------------------------------------------ requests, as Axis 1.4 writes them

    static final String SOAPENC = "xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"";

    static String envelope(String operation, String args, String multiRefs) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
                + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Body><" + operation + " soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">"
                + args + "</" + operation + ">" + multiRefs + "</soapenv:Body></soapenv:Envelope>";
    }

    static String str(int i, String value) {
        return "<arg" + i + " xsi:type=\"soapenc:string\" " + SOAPENC + ">" + escape(value) + "</arg" + i + ">";
    }

    static String ref(int i, int id) {
        return "<arg" + i + " href=\"#id" + id + "\"/>";
    }

    static String multiRef(int id, int value) {
        return "<multiRef id=\"id" + id + "\" soapenc:root=\"0\" soapenv:encodingStyle=\"http://schemas.xmlsoap.org/"
                + "soap/encoding/\" xsi:type=\"soapenc:int\" " + SOAPENC + ">" + value + "</multiRef>";
    }

    static String bytes(int i, byte[] value) {
        return "<arg" + i + " xsi:type=\"soapenc:base64Binary\" " + SOAPENC + ">"
                + Base64.getEncoder().encodeToString(value) + "</arg" + i + ">";
    }

    static String strings(int i, String... values) {
        StringBuilder b = new StringBuilder("<arg" + i + " soapenc:arrayType=\"soapenc:string[" + values.length
                + "]\" xsi:type=\"soapenc:Array\" " + SOAPENC + ">");
        for (String v : values) {
            b.append("<arg").append(i).append(" xsi:type=\"soapenc:string\">").append(escape(v)).append("</arg")
                    .append(i).append('>');
        }
        return b.append("</arg").append(i).append('>').toString();
    }

    /** Axis writes every non-ASCII character as a character reference. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '<') {
                b.append("&lt;");
            } else if (c == '&') {
                b.append("&amp;");
            } else if (c == '>') {
                b.append("&gt;");
            } else if (c > 126) {
                b.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static String stampXml(String position) {
        return "<?xml version=\"1.0\" encoding=\"GBK\"?><Root><Stamp No=\"" + position + "\">" + position + "-seal"
                + "</Stamp></Root>";
    }

    static String signByNos(String certId, String vtCode, byte[] message, String position) {
        return envelope("signByNos", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode) + bytes(4, message)
                + str(5, stampXml(position)), multiRef(0, 2026));
    }

    static String signByNosAndSend(String certId, String vtCode, byte[] message, String position, String src,
                                   String dec) {
        return envelope("signByNosAndSend", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + bytes(4, message) + str(5, stampXml(position)) + str(6, src) + str(7, dec), multiRef(0, 2026));
    }

    static String signStampByNosAndSend(String certId, String vtCode, byte[] message, String position, String src,
                                        String dec) {
        return envelope("signStampByNosAndSend", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + bytes(4, message) + str(5, stampXml(position)) + str(6, src) + str(7, dec), multiRef(0, 2026));
    }

    static String saveSignVoucher(String certId, String vtCode, byte[] message) {
        return envelope("saveSignVoucher", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + bytes(4, message), multiRef(0, 2026));
    }

    static String readVoucher(String certId, String vtCode, int count) {
        return envelope("readVoucher", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode) + ref(4, 1),
                multiRef(1, count) + multiRef(0, 2026));
    }

    static String readVoucherAgain(String certId, String vtCode, int count) {
        return envelope("readVoucherAgain", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode) + ref(4, 1),
                multiRef(1, count) + multiRef(0, 2026));
    }

    static String confirmVoucher(String certId, String vtCode, String... nos) {
        return envelope("confirmVoucher", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + strings(4, nos), multiRef(0, 2026));
    }

    static String batchQueryAllVoucherStatus(String certId, String vtCode, String... nos) {
        return envelope("batchQueryAllVoucherStatus", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + strings(4, nos), multiRef(0, 2026));
    }

    static String queryVoucherStatusByOrgType(String certId, String vtCode, String no, String orgType) {
        return envelope("queryVoucherStatusByOrgType", str(0, certId) + str(1, "210000") + ref(2, 0) + str(3, vtCode)
                + strings(4, no) + str(5, orgType), multiRef(0, 2026));
    }

    // ------------------------------------------------------------------ HTTP/1.0, as Axis' sender speaks it

    /** A SOAP answer: the HTTP status and the body. */
    record Reply(int status, String body) {

        Element returnElement() throws Exception {
            if (status != 200) {
                throw new AssertionError("HTTP " + status + ": " + faultString());
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            Element bodyEl = (Element) d.getElementsByTagNameNS("*", "Body").item(0);
            Element response = firstElement(bodyEl);
            return response == null ? null : firstElement(response);
        }

        /** The base64Binary return, decoded; null for xsi:nil or void. */
        byte[] base64() throws Exception {
            Element r = returnElement();
            if (r == null || "true".equals(r.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "nil"))) {
                return null;
            }
            return Base64.getMimeDecoder().decode(r.getTextContent().trim());
        }

        /** The Apache SOAP map return: key → String, or Object[] of item texts. */
        Map<String, Object> map() throws Exception {
            Map<String, Object> out = new LinkedHashMap<>();
            Element r = returnElement();
            for (Element item = firstElement(r); item != null; item = nextElement(item)) {
                Element key = firstElement(item);
                Element value = nextElement(key);
                Element first = firstElement(value);
                if (first == null) {
                    out.put(key.getTextContent(), value.getTextContent());
                } else {
                    List<Object> items = new ArrayList<>();
                    for (Element e = first; e != null; e = nextElement(e)) {
                        items.add(e.getTextContent());
                    }
                    out.put(key.getTextContent(), items.toArray());
                }
            }
            return out;
        }

        String mapFirst() throws Exception {
            Object v = map().values().iterator().next();
            return v instanceof Object[] a ? (String) a[0] : (String) v;
        }

        String faultString() {
            int a = body.indexOf("<faultstring>");
            int b = body.indexOf("</faultstring>");
            return a < 0 || b < 0 ? body : body.substring(a + "<faultstring>".length(), b);
        }

        private static Element firstElement(Element parent) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    return e;
                }
            }
            return null;
        }

        private static Element nextElement(Element e) {
            for (Node n = e.getNextSibling(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element x) {
                    return x;
                }
            }
            return null;
        }
    }

    /**
     * The operator each certID of the box stands for: a front-end logs in as the operator it signs for
     * (Axis: {@code call.setUsername/setPassword}, sent as HTTP Basic). Node certIDs log in as a clerk of the node.
     */
    private static final Map<String, String> ACCOUNTS = Map.ofEntries(
            Map.entry("TC011LR01", "lr01"), Map.entry("TC011SH01", "sh01"), Map.entry("011", "lr01"),
            Map.entry("TC105YH01", "yh01"), Map.entry("TC105YH02", "yh02"), Map.entry("105", "yh01"),
            Map.entry("102", "yh01"), Map.entry("TC001RH01", "rh01"), Map.entry("TC001RH02", "rh02"),
            Map.entry("001", "rh01"));

    /** A call as the account of the certID in its first argument (lr01 when the body names none the box knows). */
    static Reply call(String service, String body) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<arg0[^>]*>([^<]*)</arg0>").matcher(body);
        String account = m.find() ? ACCOUNTS.getOrDefault(m.group(1), "lr01") : "lr01";
        return callAs(account, service, body);
    }

    /** A call as {@code account} (null: without credentials). */
    static Reply callAs(String account, String service, String body) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /realware/services/" + service + " HTTP/1.0\r\n"
                + (account == null ? "" : "Authorization: " + basic(account) + "\r\n")
                + "Content-Type: text/xml; charset=utf-8\r\n"
                + "Accept: application/soap+xml, application/dime, multipart/related, text/*\r\n"
                + "User-Agent: Axis/1.4\r\n"
                + "Host: 127.0.0.1:" + HTTP_PORT + "\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Pragma: no-cache\r\n"
                + "SOAPAction: \"\"\r\n"
                + "Content-Length: " + payload.length + "\r\n\r\n";
        return exchange(head.getBytes(StandardCharsets.US_ASCII), payload);
    }

    static Reply getService(String serviceAndQuery) throws Exception {
        return exchange(("GET /realware/services/" + serviceAndQuery + " HTTP/1.0\r\nHost: 127.0.0.1:" + HTTP_PORT
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    private static Reply exchange(byte[] head, byte[] payload) throws Exception {
        try (Socket s = new Socket("127.0.0.1", HTTP_PORT)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8); // HTTP/1.0: the server closes
            int status = Integer.parseInt(all.substring(9, 12));
            int bodyAt = all.indexOf("\r\n\r\n");
            return new Reply(status, bodyAt < 0 ? "" : all.substring(bodyAt + 4));
        }
    }

    private static Document parse(byte[] gbkXml) throws Exception {
        assertNotNull("a voucher envelope", gbkXml);
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(gbkXml));
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
