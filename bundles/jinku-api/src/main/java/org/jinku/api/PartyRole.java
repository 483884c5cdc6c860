package org.jinku.api;

/** The four parties of treasury payment. {@code orgType} is the organisation-type code on the wire. */
public enum PartyRole {
    /** 财政部门 finance bureau. */
    FINANCE("011", "cz"),
    /** 人民银行 PBoC treasury. */
    PBOC("001", "rh"),
    /** 代理银行 agent bank; its org type is really its bank-category code, configured per node. */
    AGENT_BANK("102", "yh"),
    /** 预算单位 budget unit. */
    BUDGET_UNIT("201", "dw");

    private final String defaultOrgType;
    private final String stampPrefix;

    PartyRole(String defaultOrgType, String stampPrefix) {
        this.defaultOrgType = defaultOrgType;
        this.stampPrefix = stampPrefix;
    }

    public String defaultOrgType() {
        return defaultOrgType;
    }

    /** Prefix of this party's stamp positions, e.g. {@code cz} in {@code cz_lr}. */
    public String stampPrefix() {
        return stampPrefix;
    }
}
