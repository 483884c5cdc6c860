package org.jinku.shell.internal;

import java.util.Arrays;
import java.util.Set;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import org.jinku.api.Credential;
import org.jinku.api.Post;

@Command(scope = "jinku", name = "ca-issue", description = "Creates an operator's key container (the USB key's"
        + " stand-in, alias <node>/<user>) with a certificate for their posts, or a new certificate when the posts"
        + " changed; the PIN protects the container (asked twice when it is new)")
@Service
public class CaIssueCommand extends KeyCommand {

    @Argument(index = 1, name = "user", required = true, description = "The operator's user ID, e.g. lr01")
    String user;

    @Option(name = "--posts", required = true, description = "Posts the certificate names, joined with '+': ENTRY"
            + " (录入), REVIEW (审核), SEAL (签章)")
    @Completion(value = StringsCompleter.class, values = {"ENTRY", "REVIEW", "SEAL", "ENTRY+REVIEW", "REVIEW+SEAL"})
    String posts;

    @Option(name = "--pin", censor = true, description = "The container's PIN (a new one for a new container);"
            + " default: asked, masked")
    String pin;

    @Override
    public Object execute() {
        String alias = alias(user);
        Set<Post> ps = posts(posts);
        boolean exists = crypto(c -> c.credential(alias).isPresent());
        char[] p = exists ? Pins.read(session, pin, "PIN of " + alias + ": ", "--pin")
                : Pins.newPin(session, pin, "new PIN for " + alias + ": ", "--pin");
        try {
            Credential c = crypto(cp -> cp.enroll(alias, node, user + "@" + node, Credential.Kind.PERSON, ps, p));
            System.out.println((exists ? "certificate of " : "key container and certificate of ") + describe(c));
        } finally {
            Arrays.fill(p, '\0');
        }
        return null;
    }
}
