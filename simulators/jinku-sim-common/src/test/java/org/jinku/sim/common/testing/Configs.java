package org.jinku.sim.common.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type (a DS config annotation) with some values set, as DS would make it. */
public final class Configs {

    private Configs() {
    }

    /** {@code values} by property name (e.g. "fault.delay.seconds"); the others keep their defaults. */
    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            String name = m.getName().replace('_', '.');
            if (values.containsKey(name)) {
                Object v = values.get(name);
                if (m.getReturnType() == int.class) {
                    return Integer.parseInt(v.toString());
                }
                return v.toString();
            }
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            if (m.getName().equals("hashCode")) {
                return values.hashCode();
            }
            if (m.getName().equals("equals")) {
                return p == args[0];
            }
            return m.getDefaultValue();
        });
    }
}
