package org.jinku.sim.common;

import java.math.BigDecimal;
import java.util.Map;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/** Arguments of a simulator command, with specific refusals when one is missing or malformed. */
public final class Args {

    private final String command;
    private final Map<String, String> args;

    public Args(String command, Map<String, String> args) {
        this.command = command;
        this.args = args == null ? Map.of() : args;
    }

    public String get(String name, String defaultValue) {
        String v = args.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    public String get(String name) {
        return get(name, null);
    }

    public String required(String name) {
        String v = get(name);
        if (v == null) {
            throw bad("needs argument '" + name + "'");
        }
        return v;
    }

    public BigDecimal amount(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v).setScale(2, java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad("argument " + name + "=" + v + " is not an amount in yuan with at most two decimals");
        }
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw bad("argument " + name + "=" + v + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("argument " + name + "=" + v + " is not a whole number");
        }
    }

    public boolean flag(String name) {
        String v = get(name);
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
    }

    public JinkuException bad(String what) {
        return new JinkuException(RejectCode.INVALID_FIELD, "command " + command + " " + what);
    }
}
