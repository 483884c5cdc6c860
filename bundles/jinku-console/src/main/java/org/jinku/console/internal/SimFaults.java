package org.jinku.console.internal;

import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fault settings (故障注入) of the joint-test box's simulators, as the console offers them: the {@code fault.*}
 * attributes of each simulator's Config (and the few business settings testers turn to provoke a refusal), with
 * Chinese labels. Values are kept as text in the configuration, as the scenario runner writes them; the simulators
 * apply a change at once.
 */
final class SimFaults {

    enum Kind { MEANINGS, TEXT, SECONDS }

    record Setting(String key, String label, Kind kind) {
    }

    record Sim(String id, String pid, String adapter, String label, List<Setting> settings) {
        Optional<Setting> setting(String key) {
            return settings.stream().filter(s -> s.key().equals(key)).findFirst();
        }
    }

    private static final Setting REFUSE = new Setting("fault.refuse.meanings", "签收失败的业务（含义，逗号分隔；* 为全部）", Kind.MEANINGS);
    private static final Setting RETURN = new Setting("fault.return.meanings", "退回的业务（含义，逗号分隔；* 为全部）", Kind.MEANINGS);
    private static final Setting RETURN_REASON = new Setting("fault.return.reason", "退回原因", Kind.TEXT);
    private static final Setting DELAY = new Setting("fault.delay.seconds", "延迟应答（秒）", Kind.SECONDS);
    private static final Setting FAIL_PAYEE = new Setting("fault.fail.payee.prefix", "不予支付的收款账号前缀", Kind.TEXT);
    private static final Setting SILENT = new Setting("fault.silent.seconds", "静默（秒，自设置起不应答不发送）", Kind.SECONDS);
    private static final Setting DUPLICATE = new Setting("fault.duplicate.meanings", "重复发送（补发）的业务", Kind.MEANINGS);
    private static final Setting TAMPER = new Setting("fault.tamper.meanings", "发送篡改签名副本的业务", Kind.MEANINGS);

    static final List<Sim> SIMS = List.of(
            new Sim("bank", "jinku.sim.bank", "sim-bank", "代理银行模拟器", List.of(REFUSE, RETURN, RETURN_REASON, DELAY,
                    FAIL_PAYEE, SILENT, DUPLICATE, TAMPER,
                    new Setting("refuse.above", "直接支付超过此金额（元）签收失败", Kind.TEXT),
                    new Setting("return.payee.prefix", "直接支付收款账号以此开头则退回", Kind.TEXT))),
            new Sim("pbc", "jinku.sim.pbc", "sim-pbc", "人民银行模拟器", List.of(REFUSE, RETURN, RETURN_REASON, DELAY,
                    FAIL_PAYEE, SILENT, DUPLICATE, TAMPER,
                    new Setting("clearing.window", "清算时间窗 HH:mm-HH:mm", Kind.TEXT))),
            new Sim("unit", "jinku.sim.unit", "sim-budget-unit", "预算单位模拟器", List.of(REFUSE, RETURN, RETURN_REASON,
                    DELAY, SILENT, DUPLICATE, TAMPER)));

    private SimFaults() {
    }

    static Sim sim(String id) {
        return SIMS.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> Json.invalid("sim", "enum", "no simulator '" + id + "'; simulators: bank, pbc, unit"));
    }

    /** The current value of every offered setting ("" when unset). */
    static Map<String, String> values(Sim sim, Dictionary<String, Object> props) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : sim.settings()) {
            Object v = props == null ? null : props.get(s.key());
            out.put(s.key(), v == null ? "" : String.valueOf(v));
        }
        return out;
    }

    /**
     * Applies {@code changes} ({@code {"fault.delay.seconds": "3", "fault.return.meanings": null}}) to {@code props}:
     * a blank or null value removes the setting (the simulator's default: no fault). Only offered settings are
     * accepted, each checked, so a typo is refused rather than silently ignored by the simulator.
     *
     * @return what changed, key → new value ("" for removed)
     */
    static Map<String, String> apply(Sim sim, Dictionary<String, Object> props, JsonNode changes) {
        Map<String, String> checked = new LinkedHashMap<>();
        changes.fields().forEachRemaining(e -> {
            Setting s = sim.setting(e.getKey()).orElseThrow(() -> Json.invalid(e.getKey(), "unknown",
                    "simulator " + sim.id() + " has no setting '" + e.getKey() + "' here; settings: "
                            + sim.settings().stream().map(Setting::key).toList()));
            JsonNode v = e.getValue();
            String text = v == null || v.isNull() ? "" : v.asText().strip();
            if (!v.isNull() && !v.isValueNode()) {
                throw Json.invalid(s.key(), "type", s.key() + " must be a string");
            }
            check(s, text);
            checked.put(s.key(), text);
        });
        checked.forEach((k, text) -> {
            if (text.isEmpty()) {
                props.remove(k);
            } else {
                props.put(k, text);
            }
        });
        return checked;
    }

    private static void check(Setting s, String text) {
        if (text.length() > 200 || text.chars().anyMatch(Character::isISOControl)) {
            throw Json.invalid(s.key(), "format", s.key() + " must be at most 200 characters, no control characters");
        }
        if (s.kind() == Kind.SECONDS && !text.isEmpty()) {
            if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 86_400) {
                throw Json.invalid(s.key(), "range", s.key() + " must be whole seconds 0-86400: '" + text + "'");
            }
        }
        if (s.kind() == Kind.MEANINGS && !text.isEmpty() && !text.matches("\\*|[a-z0-9-]+(\\s*,\\s*[a-z0-9-]+)*")) {
            throw Json.invalid(s.key(), "format", s.key() + " is * or meanings such as direct-payment, comma separated");
        }
    }
}
