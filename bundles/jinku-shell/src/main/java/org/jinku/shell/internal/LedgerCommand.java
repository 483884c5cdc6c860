package org.jinku.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "ledger", description = "Shows the party's books as its adapter keeps them"
        + " (a simulator's ledger: quotas, paid, cleared, the treasury account)")
@Service
public class LedgerCommand extends NodeCommand {

    @Override
    public Object execute() {
        Map<String, Object> ledger = node().ledger();
        if (ledger.isEmpty()) {
            System.out.println("node " + node + " keeps no ledger (no adapter, or its adapter has none)");
            return null;
        }
        print(ledger, "");
        return null;
    }

    private static void print(Object value, String indent) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
                    System.out.println(indent + e.getKey() + ":");
                    print(e.getValue(), indent + "  ");
                } else {
                    System.out.println(indent + e.getKey() + ": " + e.getValue());
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> || o instanceof List<?>) {
                    System.out.println(indent + "-");
                    print(o, indent + "  ");
                } else {
                    System.out.println(indent + "- " + o);
                }
            }
        } else {
            System.out.println(indent + value);
        }
    }
}
