package org.jinku.web.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.annotation.security.DenyAll;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;

import org.junit.jupiter.api.Test;

import org.jinku.api.security.Operator;

/** Role templates filled from the path, and fail-closed defaults. */
class AccessRuleTest {

    @RolesAllowed("sysadmin")
    static class Guarded {
        @RolesAllowed({"post@{node}", "auditor"})
        public void read() {
        }

        @RolesAllowed("entry@{node}")
        public void submit() {
        }

        @RolesAllowed("operator")
        public void any() {
        }

        public void inherited() {
        }

        @PermitAll
        public void open() {
        }

        @DenyAll
        public void closed() {
        }
    }

    static class Bare {
        public void forgotten() {
        }
    }

    private static AccessRule rule(Class<?> c, String name) throws Exception {
        return AccessRule.of(c.getMethod(name));
    }

    private static final Operator LR01 = new Operator("lr01", Set.of("entry@finance", "operator", "ssh"));
    private static final Operator SJ01 = new Operator("sj01", Set.of("auditor"));
    private static final Map<String, String> FINANCE = Map.of("node", "finance");
    private static final Map<String, String> BANK = Map.of("node", "bank105");

    @Test
    void templatesAreFilledWithTheNodeOfThePath() throws Exception {
        assertEquals(List.of("post@finance", "auditor"), rule(Guarded.class, "read").roles(FINANCE));
        assertTrue(rule(Guarded.class, "read").admits(LR01, FINANCE));
        assertFalse(rule(Guarded.class, "read").admits(LR01, BANK));
        assertTrue(rule(Guarded.class, "read").admits(SJ01, BANK));
        assertTrue(rule(Guarded.class, "submit").admits(LR01, FINANCE));
        assertFalse(rule(Guarded.class, "submit").admits(SJ01, FINANCE));
        assertFalse(rule(Guarded.class, "submit").admits(LR01, Map.of()), "a template without its node lets nobody in");
    }

    @Test
    void operatorIsAnyPostAnywhere() throws Exception {
        assertTrue(rule(Guarded.class, "any").admits(new Operator("yh01", Set.of("review@bank102")), Map.of()));
        assertFalse(rule(Guarded.class, "any").admits(SJ01, Map.of()));
    }

    @Test
    void theClassRuleAppliesUnlessTheMethodHasItsOwnAndNoRuleRefusesEverybody() throws Exception {
        assertTrue(rule(Guarded.class, "inherited").admits(new Operator("jinku", Set.of("sysadmin")), Map.of()));
        assertFalse(rule(Guarded.class, "inherited").admits(LR01, FINANCE));
        assertTrue(rule(Guarded.class, "open").open());
        assertFalse(rule(Guarded.class, "closed").admits(new Operator("jinku", Set.of("sysadmin")), Map.of()));
        assertFalse(rule(Bare.class, "forgotten").admits(new Operator("jinku", Set.of("sysadmin", "admin")), Map.of()));
        assertFalse(AccessRule.declared(Bare.class.getMethod("forgotten")));
    }
}
