package org.jinku.api;

/**
 * Where an e-seal (电子印章) is in its life: applied for (申请), approved by a second person (审批), made
 * (制作: the SESeal signed by the seal maker), active (启用: its registration acknowledged; it stamps for the peers that acknowledged), changed (变更: replaced by
 * a new seal) or revoked (废止). Only an active seal stamps.
 */
public enum SealState {
    APPLIED, APPROVED, MADE, ACTIVE, CHANGED, REVOKED;

    public boolean isFinal() {
        return this == CHANGED || this == REVOKED;
    }
}
