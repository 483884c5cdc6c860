package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.api.SealView;

@Command(scope = "jinku", name = "seal-apply", description = "Applies for an e-seal (申请) for a stamp position of"
        + " the node's party, with its picture (a PNG, or a red round seal drawn with the name); another person"
        + " approves it (jinku:seal-approve), then it is made and registered")
@Service
public class SealApplyCommand extends SealCommand {

    @Argument(index = 1, name = "name", required = true, description = "The seal's name, e.g. 国库支付专用章")
    String name;

    @Argument(index = 2, name = "position", required = true, description = "The stamp position it stamps, e.g. yh_qz")
    String position;

    @Option(name = "--image", description = "The seal's picture, a PNG file; default: a red round seal with the name")
    String image;

    @Option(name = "--size", description = "Pixels of the drawn seal (width = height)")
    int size = 400;

    @Override
    public Object execute() {
        SealView s = node().applySeal(name, position, image(image, name, size), actor());
        System.out.println("applied (申请): " + describe(s));
        return null;
    }
}
