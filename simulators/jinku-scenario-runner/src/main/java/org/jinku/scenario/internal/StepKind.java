package org.jinku.scenario.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The closed vocabulary of scenario steps and the arguments each takes; a scenario is checked against it
 * before anything runs. No scripting: what a tester needs that is not here becomes a new kind.
 */
enum StepKind {
    SUBMIT("submit", "as", "voucher", "file", "inline", "fields", "lines", "line-fields", "number", "sign",
            "expect-error"),
    RESUBMIT("resubmit", "as", "voucher", "fields", "sign"),
    SIGN("sign", "as", "voucher", "user", "pin", "expect-error"),
    VOID("void", "as", "voucher", "reason"),
    RESEND("resend", "as", "voucher", "receipt"),
    ACCEPT("accept", "as", "voucher"),
    REFUSE("refuse", "as", "voucher", "code", "reason"),
    RETURN("return", "as", "voucher", "reason"),
    COMMAND("command", "at", "run", "args", "type"),
    EXPECT_STATUS("expect-status", "at", "voucher", "to", "status", "receipt", "within"),
    EXPECT_VOUCHER("expect-voucher", "at", "type", "where", "fields", "lines", "within", "absent"),
    EXPECT_RECEIPT("expect-receipt", "at", "voucher", "fields", "within"),
    EXPECT_REFUSAL("expect-refusal", "at", "voucher", "receipt", "code", "reason", "within"),
    EXPECT_EVENT("expect-event", "at", "voucher", "event", "within"),
    FAULT("fault", "party", "set", "clear"),
    CUT("cut", "between"),
    RESTORE("restore", "between"),
    RESTART("restart", "node"),
    CHECK_LEDGERS("check-ledgers", "vouchers"),
    HISTORY_INTACT("history-intact", "voucher", "at");

    final String word;
    final Set<String> args;

    StepKind(String word, String... args) {
        this.word = word;
        this.args = Set.of(args);
    }

    static Optional<StepKind> of(String word) {
        return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
    }

    static String words() {
        return String.join(", ", Arrays.stream(values()).map(k -> k.word).toList());
    }
}
