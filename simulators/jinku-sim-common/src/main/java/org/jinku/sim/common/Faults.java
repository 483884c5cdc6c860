package org.jinku.sim.common;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Fault injection settings shared by the simulators, read from their configuration (and changed live
 * through config admin):
 * <ul>
 * <li>{@code fault.refuse.meanings}: comma list of voucher meanings to refuse (签收失败); {@code *} = all</li>
 * <li>{@code fault.return.meanings}, {@code fault.return.reason}: meanings to return (退回), and why</li>
 * <li>{@code fault.delay.seconds}: answer that much later</li>
 * <li>{@code fault.fail.payee.prefix}: lines paying an account starting with this are not paid
 *     (XPayAmt 0.00 and XAddWord the reason)</li>
 * <li>{@code fault.silent.seconds}: from the moment it is set, answer nothing for that long, then catch up</li>
 * </ul>
 */
public record Faults(Set<String> refuseMeanings, Set<String> returnMeanings, String returnReason, int delaySeconds,
                     String failPayeePrefix, int silentSeconds) {

    public static final Faults NONE = new Faults(Set.of(), Set.of(), "", 0, "", 0);
    public static final String DEFAULT_RETURN_REASON = "模拟退回: 代理方要求退回";

    public Faults {
        refuseMeanings = Set.copyOf(refuseMeanings);
        returnMeanings = Set.copyOf(returnMeanings);
        returnReason = Texts.blank(returnReason) ? DEFAULT_RETURN_REASON : returnReason.trim();
        delaySeconds = Math.max(0, delaySeconds);
        failPayeePrefix = failPayeePrefix == null ? "" : failPayeePrefix.trim();
        silentSeconds = Math.max(0, silentSeconds);
    }

    public static Faults parse(String refuseMeanings, String returnMeanings, String returnReason, int delaySeconds,
                               String failPayeePrefix, int silentSeconds) {
        return new Faults(list(refuseMeanings), list(returnMeanings), returnReason, delaySeconds, failPayeePrefix,
                silentSeconds);
    }

    /** A comma (or space) separated list, blanks dropped. */
    public static Set<String> list(String text) {
        if (text == null) {
            return Set.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public boolean refuses(String meaning) {
        return refuseMeanings.contains("*") || refuseMeanings.contains(meaning);
    }

    public boolean returns(String meaning) {
        return returnMeanings.contains("*") || returnMeanings.contains(meaning);
    }

    /** Whether a line paying {@code account} fails (is not paid). */
    public boolean failsPayee(String account) {
        return !failPayeePrefix.isEmpty() && account != null && account.startsWith(failPayeePrefix);
    }

    public String failReason(String account) {
        return "收款人账号 " + account + " 入账失败(模拟故障)";
    }
}
