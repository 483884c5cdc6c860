package org.jinku.adapter.legacysoap.internal.soap;

import java.util.Objects;

/** A parameter of an operation: its documented name (WSDL part, fault messages) and type. */
public record Param(String name, ArgType type) {

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
