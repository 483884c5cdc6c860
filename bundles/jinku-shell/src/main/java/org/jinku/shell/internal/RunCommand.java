package org.jinku.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "jinku", name = "run", description = "Runs a party adapter's action now, e.g. a bank's"
        + " clearing-request, refund or reports, the PBoC's reports, the budget unit's pay")
@Service
public class RunCommand extends NodeCommand {

    @Argument(index = 1, name = "command", required = false, description = "Action name; none lists them")
    String command;

    @Argument(index = 2, name = "args", multiValued = true, description = "Arguments as name=value")
    List<String> args;

    @Override
    public Object execute() {
        if (command == null) {
            System.out.println("node " + node + " runs: " + node().commands());
            return null;
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        if (args != null) {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("argument '" + a + "' is not name=value");
                }
                parsed.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        System.out.println(node().runCommand(command, parsed));
        return null;
    }
}
