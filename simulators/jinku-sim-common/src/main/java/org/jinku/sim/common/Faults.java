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
 * <li>{@code fault.duplicate.meanings}: what this party sends of these meanings (回单 and its own vouchers) it
 *     sends a second time (补发) once the peer has it</li>
 * <li>{@code fault.tamper.meanings}: ... and then a copy with one signature altered, as a broken front-end or
 *     a tamperer with the party's broker login would</li>
 * </ul>
 */
public record Faults(Set<String> refuseMeanings, Set<String> returnMeanings, String returnReason, int delaySeconds,
                     String failPayeePrefix, int silentSeconds, Set<String> duplicateMeanings,
                     Set<String> tamperMeanings) {

    public static final Faults NONE = new Faults(Set.of(), Set.of(), "", 0, "", 0, Set.of(), Set.of());
    public static final String DEFAULT_RETURN_REASON = "模拟退回: 代理方要求退回";

    public Faults {
        refuseMeanings = Set.copyOf(refuseMeanings);
        returnMeanings = Set.copyOf(returnMeanings);
        returnReason = Texts.blank(returnReason) ? DEFAULT_RETURN_REASON : returnReason.trim();
        delaySeconds = Math.max(0, delaySeconds);
        failPayeePrefix = failPayeePrefix == null ? "" : failPayeePrefix.trim();
        silentSeconds = Math.max(0, silentSeconds);
        duplicateMeanings = Set.copyOf(duplicateMeanings);
        tamperMeanings = Set.copyOf(tamperMeanings);
    }

    public static Faults parse(String refuseMeanings, String returnMeanings, String returnReason, int delaySeconds,
                               String failPayeePrefix, int silentSeconds) {
        return new Faults(list(refuseMeanings), list(returnMeanings), returnReason, delaySeconds, failPayeePrefix,
                silentSeconds, Set.of(), Set.of());
    }

    /** These faults, and what is sent twice or tampered with ({@code fault.duplicate/tamper.meanings}). */
    public Faults sending(String duplicateMeanings, String tamperMeanings) {
        return new Faults(refuseMeanings, returnMeanings, returnReason, delaySeconds, failPayeePrefix, silentSeconds,
                list(duplicateMeanings), list(tamperMeanings));
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

    public boolean duplicates(String meaning) {
        return duplicateMeanings.contains("*") || duplicateMeanings.contains(meaning);
    }

    public boolean tampers(String meaning) {
        return tamperMeanings.contains("*") || tamperMeanings.contains(meaning);
    }

    /** Whether a line paying {@code account} fails (is not paid). */
    public boolean failsPayee(String account) {
        return !failPayeePrefix.isEmpty() && account != null && account.startsWith(failPayeePrefix);
    }

    public String failReason(String account) {
        return "收款人账号 " + account + " 入账失败(模拟故障)";
    }
}
