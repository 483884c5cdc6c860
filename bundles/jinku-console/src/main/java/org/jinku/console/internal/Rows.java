package org.jinku.console.internal;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.VoucherView;

/** One voucher as a row of the console's lists (search, work list): what an operator scans a table for. */
final class Rows {

    private Rows() {
    }

    static ObjectNode row(String node, VoucherView v, String typeName) {
        ObjectNode o = Json.object();
        o.put("node", node);
        o.put("key", v.key().toString());
        o.put("vtCode", v.key().vtCode());
        o.put("voucherNo", v.key().voucherNo());
        o.put("typeName", typeName);
        o.put("voucherFlag", v.voucherFlag());
        o.put("version", v.version());
        o.put("direction", v.direction().name());
        o.put("peer", v.peer());
        o.put("state", v.state().name());
        DeliveryStatus s = v.status();
        o.put("status", s.code());
        o.put("statusText", s.text());
        ObjectNode dests = o.putObject("deliveries");
        for (Map.Entry<String, DeliveryStatus> d : v.deliveries().entrySet()) {
            dests.putObject(d.getKey()).put("status", d.getValue().code()).put("statusText", d.getValue().text());
        }
        o.put("payAmt", v.payAmt());
        o.put("signatures", v.signatures().size());
        o.put("created", Json.time(v.created()));
        o.put("updated", Json.time(v.updated()));
        return o;
    }
}
