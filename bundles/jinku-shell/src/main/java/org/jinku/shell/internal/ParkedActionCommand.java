package org.jinku.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;

/**
 * Retry or discard of one parked message. A refusal (no such message) is thrown, not printed, so the
 * command fails and scripts see it.
 */
abstract class ParkedActionCommand extends NodeCommand {

    @Argument(index = 1, name = "id", required = true, description = "Id of the parked message (see jinku:parked)")
    String id;

    @Option(name = "--actor", description = "Who does it, for the record (default: the shell user)")
    String actor;

    String actor() {
        return actorOr(actor);
    }
}
