package org.jinku.api;

/** Why a voucher or message was refused. Each code is recorded with a specific message. */
public enum RejectCode {
    MALFORMED_XML,
    MALFORMED_JSON,
    BAD_BASE64,
    OVERSIZED,
    UNKNOWN_VOUCHER_TYPE,
    INVALID_FIELD,
    ENVELOPE_MISMATCH,
    MISSING_SIGNATURE,
    BAD_SIGNATURE,
    UNKNOWN_CERTIFICATE,
    CERTIFICATE_EXPIRED,
    SAME_SIGNER_TWICE,
    DUPLICATE_VOUCHER,
    UNKNOWN_VOUCHER,
    UNKNOWN_NODE,
    WRONG_STATE,
    NOT_AUTHORIZED,
    BUSINESS_REFUSED,
    RETURNED
}
