package org.jinku.scenario.internal;

/** A scenario file that cannot be run, with where and why: "file:line: problem". */
final class BrokenScenarioException extends Exception {

    final String file;
    final int line;

    BrokenScenarioException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }
}
