package org.jinku.shell.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;

@Command(scope = "jinku", name = "submit", description = "Submits a voucher from a JSON file: {\"header\":{…},\"details\":[…]}")
@Service
public class SubmitCommand extends NodeCommand {

    @Argument(index = 1, name = "file", required = true, description = "JSON file of the voucher")
    String file;

    @Override
    public Object execute() throws Exception {
        ShellCaller.holding(Post.ENTRY, node);
        try (InputStream in = Files.newInputStream(Paths.get(file))) {
            VoucherView v = node().submit(VoucherJson.read(in));
            System.out.println("submitted " + v.key() + ": " + v.state() + ", status " + v.status().code() + " "
                    + v.status().text());
        } catch (JinkuException e) {
            // each wrong field on its own line, then the command fails so that a script sees the refusal
            for (FieldError f : e.fieldErrors()) {
                System.err.println("  " + f.path() + ": " + f.message());
            }
            throw e;
        }
        return null;
    }
}
