package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A step in the life of one seal, named by its id (esID, as jinku:seal-list shows it). */
abstract class SealActionCommand extends SealCommand {

    @Argument(index = 1, name = "id", required = true, description = "The seal's id (esID), see jinku:seal-list")
    @Completion(SealIdCompleter.class)
    String id;
}
