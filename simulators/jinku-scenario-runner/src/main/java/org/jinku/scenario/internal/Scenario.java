package org.jinku.scenario.internal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A scenario as read from its file: checked against the step vocabulary, not yet run. */
record Scenario(String name, String file, List<String> tags, List<Step> steps) {

    /** One step: its kind, its arguments (an object, or a scalar for the kinds that take one) and its line. */
    record Step(String id, StepKind kind, int line, JsonNode args) {

        String text(String name) {
            JsonNode n = args.get(name);
            return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
        }

        boolean has(String name) {
            return args.has(name) && !args.get(name).isNull();
        }
    }
}
