package org.jinku.api.spi;

import java.util.Map;

/**
 * Opens the store of one node. Registered with {@code jinku.store=<id>} (e.g. {@code jdbc}); the node's
 * configuration (prefix {@code store.}) is passed through, so a site changes database by configuration.
 */
public interface VoucherStoreFactory {

    String SERVICE_PROPERTY = "jinku.store";

    /** Opens (creating or migrating the schema as needed) the store of {@code nodeName}. */
    VoucherStore open(String nodeName, Map<String, Object> config);
}
