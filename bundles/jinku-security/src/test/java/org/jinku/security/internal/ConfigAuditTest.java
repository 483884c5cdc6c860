package org.jinku.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigAuditTest {

    @Test
    void changedKeysWithSecretsMasked() {
        Map<String, String> before = Map.of("service.pid", "jinku.node-finance", "role", "finance",
                "crypto.pin", "123456", "old", "x");
        Map<String, String> after = Map.of("service.pid", "jinku.node-finance", "role", "finance",
                "crypto.pin", "654321", "store.password", "p", "address", "finance2",
                "felix.fileinstall.filename", "file:/x");
        assertEquals("address=finance2, crypto.pin=***, store.password=***; removed: old",
                ConfigAudit.changes(before, after));
        assertEquals("", ConfigAudit.changes(after, after));
    }
}
