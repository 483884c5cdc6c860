package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.SealView;

@Command(scope = "jinku", name = "seal-change", description = "Changes a seal (变更): applies for its successor with"
        + " a new picture; the old seal stamps until the successor is active, then it is CHANGED and peers are told")
@Service
public class SealChangeCommand extends SealActionCommand {

    @Option(name = "--image", description = "The new picture, a PNG file; default: a red round seal with the name")
    String image;

    @Option(name = "--size", description = "Pixels of the drawn seal (width = height)")
    int size = 400;

    @Override
    public Object execute() {
        String name = node().seals().stream().filter(s -> s.sealId().equals(id)).map(SealView::name).findFirst()
                .orElse(id);
        SealView s = node().changeSeal(id, image(image, name, size), actor());
        System.out.println("change (变更) of " + id + " applied for: " + describe(s));
        return null;
    }
}
