package org.jinku.web.internal.resources;

import javax.ws.rs.PathParam;

import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.VoucherKey;
import org.jinku.web.internal.http.Bodies;

/**
 * The path parameters that name one voucher of a node, {@code nodes/{node}/vouchers/{admDivCode}/{stYear}/
 * {vtCode}/{voucherNo}}, taken as one {@code @BeanParam} by every voucher route.
 */
public class VoucherPath {

    @PathParam("node")
    String node;
    @PathParam("admDivCode")
    String admDivCode;
    @PathParam("stYear")
    String stYear;
    @PathParam("vtCode")
    String vtCode;
    @PathParam("voucherNo")
    String voucherNo;

    public VoucherPath() {
    }

    /** The voucher's key; a malformed one is refused as INVALID_FIELD. */
    VoucherKey key() {
        return Bodies.key(admDivCode, stYear, vtCode, voucherNo);
    }

    /** The node named; an unknown one is UNKNOWN_NODE. */
    Node node(NodeDirectory directory) {
        return directory.require(node);
    }
}
