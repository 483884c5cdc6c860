package org.jinku.sim.bank.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PartyAdapter;

/**
 * Stands in for an agent bank's core system in joint tests (联调). For each verified direct-payment
 * voucher it accepts (签收), "pays" from the finance zero-balance account and answers the signed
 * receipt (回单): same VtCode and VoucherNo, VoucherFlag=1, X fields filled. Faults on demand: a payee
 * account starting with {@code return.payee.prefix} is returned (退回), an amount above
 * {@code refuse.above} is refused (签收失败).
 */
@Component(service = PartyAdapter.class, configurationPid = "jinku.sim.bank",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PartyAdapter.SERVICE_PROPERTY + "=sim-bank")
@Designate(ocd = BankSimulator.Config.class)
public class BankSimulator implements PartyAdapter {

    @ObjectClassDefinition(name = "Jinku agent bank simulator")
    public @interface Config {
        @AttributeDefinition(description = "Return (退回) vouchers whose PayeeAcctNo starts with this; empty: never")
        String return_payee_prefix() default "999";

        @AttributeDefinition(description = "Refuse (签收失败) vouchers above this amount in yuan; empty: never")
        String refuse_above() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(BankSimulator.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private volatile String returnPrefix = "999";
    private volatile BigDecimal refuseAbove;

    @Activate
    @Modified
    public void configure(Config c) {
        returnPrefix = c.return_payee_prefix();
        refuseAbove = c.refuse_above().isBlank() ? null : new BigDecimal(c.refuse_above().trim());
    }

    @Override
    public String id() {
        return "sim-bank";
    }

    @Override
    public void voucherReceived(Node node, VoucherView view, Voucher voucher) {
        String payee = voucher.get("PayeeAcctNo");
        if (!returnPrefix.isEmpty() && payee != null && payee.startsWith(returnPrefix)) {
            node.returnVoucher(view.key(), id(), "收款人账号不存在: " + payee);
            return;
        }
        BigDecimal amount = new BigDecimal(voucher.get("PayAmt"));
        if (refuseAbove != null && amount.compareTo(refuseAbove) > 0) {
            node.refuse(view.key(), id(), "金额 " + amount.toPlainString() + " 超出代理银行单笔限额 "
                    + refuseAbove.toPlainString());
            return;
        }
        node.accept(view.key(), id());
        try {
            node.reply(view.key(), receipt(voucher));
        } catch (JinkuException e) {
            LOG.warn("sim-bank: receipt for {} refused by the node: {}", view.key(), e.getMessage());
        }
    }

    /** The 回单: every line paid in full today, with a bank transaction number per voucher. */
    public static Voucher receipt(Voucher v) {
        String today = LocalDate.now().format(DAY);
        // Derived from the key, so a retried payment reports the same transaction number (never a new one).
        String txn = "SIM" + UUID.nameUUIDFromBytes(v.key().toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 20).toUpperCase();
        Map<String, String> x = new LinkedHashMap<>();
        x.put("XPayDate", today);
        x.put("XAgentBusinessNo", txn);
        x.put("XPayAmt", v.get("PayAmt"));
        x.put("XPayeeAcctNo", v.get("PayeeAcctNo"));
        x.put("XPayeeAcctName", v.get("PayeeAcctName"));
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> d : v.details()) {
            Map<String, String> line = new LinkedHashMap<>(d);
            line.put("XPayDate", today);
            line.put("XAgentBusinessNo", txn);
            line.put("XPayAmt", d.get("PayAmt"));
            lines.add(line);
        }
        return v.withHeader(x, lines);
    }
}
