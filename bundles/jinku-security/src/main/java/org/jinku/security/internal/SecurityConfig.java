package org.jinku.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code jinku.security} ({@code etc/jinku.security.cfg}). */
@ObjectClassDefinition(name = "Jinku operators and audit trail")
public @interface SecurityConfig {

    @AttributeDefinition(description = "Failed logins in a row after which an account is locked until the security"
            + " administrator unlocks it (0: never)")
    int login_max_failures() default 5;
}
