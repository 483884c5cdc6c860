package org.jinku.api;

/** A signing post (岗位). Each post on a voucher is signed by a different person. */
public enum Post {
    /** 录入 data entry. */
    ENTRY("录入"),
    /** 审核 review. */
    REVIEW("审核"),
    /** 签章 seal. */
    SEAL("签章");

    private final String label;

    Post(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
