package org.jinku.adapter.legacysoap.internal.soap;

import java.util.List;
import java.util.Objects;

/**
 * A SOAP RPC request as read off the wire: the operation element's local name and its child elements in
 * order, hrefs resolved. Parameter names are not kept: clients name them arg0, arg1 ... or after their own
 * addParameter calls, so an operation binds them by position.
 */
public record RpcCall(String operation, List<RpcValue> args) {

    public RpcCall {
        Objects.requireNonNull(operation, "operation");
        args = List.copyOf(args);  // no nulls: a nil argument is an RpcValue whose value is null
    }
}
