package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.Node;
import org.jinku.api.Voucher;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.SampleVouchers;

/**
 * The flow of issue 2 on the real distribution: a 5201 submitted over REST, signed by 录入 then 审核,
 * carried through ActiveMQ to the bank node, paid by the bank simulator, its signed 回单 verified at
 * finance: status 12, with the full history over REST and in the shell. And the refusals a sender sees.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VoucherFlowIT extends JinkuTestSupport {

    @Inject
    ConfigurationAdmin configAdmin;

    private static String body(Voucher v) {
        return VoucherJson.toTree(v).toString();
    }

    private static Voucher sample(String no) {
        return SampleVouchers.directPayment("210000", "2026", no, 3, 12_345, "20261123");
    }

    @Test
    public void applianceRunsTheFourParties() throws Exception {
        List<String> names = directory.nodes().stream().map(Node::name).toList();
        assertEquals(List.of("bank102", "bank105", "finance", "pboc", "unit"), names);
        JsonNode nodes = json(get("/nodes"));
        assertEquals(5, nodes.size());
        assertEquals("AGENT_BANK", nodes.get(0).get("role").asText());
        String out = shell("jinku:nodes");
        assertTrue(out, out.contains("finance") && out.contains("lr01[ENTRY]"));
    }

    @Test
    public void voucherRoundTripsToStatus12OverRestAndShell() throws Exception {
        Voucher v = sample("IT-FLOW-1");
        String key = v.key().toString();
        var created = postAs("lr01", "/nodes/finance/vouchers", body(v));
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals(13, json(created).get("status").asInt());

        var first = postAs("lr01", "/nodes/finance/vouchers/" + key + "/signatures", "{\"pin\":\"110111\"}");
        assertEquals(first.body(), 200, first.statusCode());
        assertEquals("SIGNING", json(first).get("state").asText());
        var again = postAs("lr01", "/nodes/finance/vouchers/" + key + "/signatures", "{\"pin\":\"110111\"}");
        assertEquals(again.body(), 409, again.statusCode());
        assertEquals("SAME_SIGNER_TWICE", json(again).get("error").asText());
        var second = postAs("sh01", "/nodes/finance/vouchers/" + key + "/signatures", "{\"pin\":\"110112\"}");
        assertEquals(second.body(), 200, second.statusCode());

        await("status 12 at finance", () -> status("finance", key) == 12);
        JsonNode view = json(get("/nodes/finance/vouchers/" + key));
        assertEquals("CONFIRMED", view.get("state").asText());
        assertEquals("370.35", view.get("payAmt").asText());
        assertEquals(2, view.get("signatures").size());
        assertEquals("cz_lr", view.get("signatures").get(0).get("position").asText());
        assertEquals("lr01", view.get("signatures").get(0).get("userId").asText());

        JsonNode receipt = json(get("/nodes/finance/vouchers/" + key + "/content?flag=1")).get("header");
        assertEquals("370.35", receipt.get("XPayAmt").asText());
        assertEquals("IT-FLOW-1", receipt.get("VoucherNo").asText());
        assertTrue(receipt.get("XAgentBusinessNo").asText().startsWith("SIM"));
        JsonNode receiptView = json(get("/nodes/finance/vouchers/" + key + "?flag=1"));
        assertEquals("yh_qz", receiptView.get("signatures").get(0).get("position").asText());

        JsonNode atBank = json(get("/nodes/bank102/vouchers/" + key));
        assertEquals("IN", atBank.get("direction").asText());
        assertEquals("REPLIED", atBank.get("state").asText());

        List<String> kinds = new ArrayList<>();
        json(get("/nodes/finance/vouchers/" + key + "/events")).forEach(e -> kinds.add(e.get("kind").asText()));
        assertTrue(kinds.toString(), kinds.containsAll(List.of("SUBMITTED", "SIGNED", "QUEUED", "SENT", "ACK_RECEIVED",
                "ACK_ACCEPTED", "RECEIPT")));

        String out = shell("jinku:status finance " + key);
        assertTrue(out, out.contains("status 12 已收到对方回单"));
        assertTrue(out, out.contains("RECEIPT"));
        assertTrue(out, out.contains("signed cz_sh REVIEW by sh01"));
        assertTrue(out, out.contains("history hash chain: intact"));
        assertTrue(json(get("/nodes/bank102/vouchers/" + key + "/history-check")).get("intact").asBoolean());
    }

    private int status(String node, String key) {
        try {
            return json(get("/nodes/" + node + "/vouchers/" + key)).get("status").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    public void badSubmissionsAreRefusedWithFieldLevelReasons() throws Exception {
        Voucher v = sample("IT-BAD-1");
        Voucher threeDecimals = v.withHeader(Map.of("PayAmt", "370.350"), null);
        var r = postAs("lr01", "/nodes/finance/vouchers", body(threeDecimals));
        assertEquals(r.body(), 400, r.statusCode());
        JsonNode err = json(r);
        assertEquals("INVALID_FIELD", err.get("error").asText());
        assertEquals("PayAmt", err.get("fieldErrors").get(0).get("path").asText());
        assertTrue(err.toString(), err.get("fieldErrors").get(0).get("message").asText().contains("two decimals"));

        var malformed = postAs("lr01", "/nodes/finance/vouchers", "{\"header\": {\"VtCode\": 5201");
        assertEquals(400, malformed.statusCode());
        assertEquals("MALFORMED_JSON", json(malformed).get("error").asText());

        assertEquals(201, postAs("lr01", "/nodes/finance/vouchers", body(v)).statusCode());
        var dup = postAs("lr01", "/nodes/finance/vouchers", body(v));
        assertEquals(409, dup.statusCode());
        assertEquals("DUPLICATE_VOUCHER", json(dup).get("error").asText());

        JsonNode rejections = json(get("/nodes/finance/rejections"));
        assertEquals("DUPLICATE_VOUCHER", rejections.get(0).get("code").asText());
        assertEquals("INVALID_FIELD", rejections.get(1).get("code").asText());
        // the stored voucher was not touched by the duplicate
        assertEquals("DRAFT", json(get("/nodes/finance/vouchers/" + v.key())).get("state").asText());
    }

    @Test
    public void bankReturnsAndRefusesWithReasonsTheSenderSees() throws Exception {
        Voucher toReturn = sample("IT-RET-1").withHeader(Map.of("PayeeAcctNo", "9990001"), null);
        submitAndSign(toReturn);
        await("status 5", () -> status("finance", toReturn.key().toString()) == 5);
        JsonNode returned = json(get("/nodes/finance/vouchers/" + toReturn.key()));
        assertEquals("RETURNED", returned.get("state").asText());
        assertTrue(returned.toString(), returned.get("reason").asText().contains("9990001"));

        Configuration sim = configAdmin.getConfiguration("jinku.sim.bank", null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("refuse.above", "1000000.00");
        props.put("return.payee.prefix", "999");
        sim.update(props);
        try {
            Voucher big = SampleVouchers.directPayment("210000", "2026", "IT-BIG-1", 1, 200_000_000L, "20261123");
            Thread.sleep(1000); // config admin delivers the change asynchronously
            submitAndSign(big);
            await("status 4", () -> status("finance", big.key().toString()) == 4);
            JsonNode refused = json(get("/nodes/finance/vouchers/" + big.key()));
            assertEquals("REFUSED", refused.get("state").asText());
            assertTrue(refused.toString(), refused.get("reason").asText().contains("超出代理银行单笔限额"));
        } finally {
            props.put("refuse.above", "");
            sim.update(props);
        }
    }

    private void submitAndSign(Voucher v) throws Exception {
        assertEquals(201, postAs("lr01", "/nodes/finance/vouchers", body(v)).statusCode());
        assertEquals(200, postAs("lr01", "/nodes/finance/vouchers/" + v.key() + "/signatures", "{\"pin\":\"110111\"}").statusCode());
        assertEquals(200, postAs("sh01", "/nodes/finance/vouchers/" + v.key() + "/signatures", "{\"pin\":\"110112\"}").statusCode());
    }
}
