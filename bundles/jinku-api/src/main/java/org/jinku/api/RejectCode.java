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
    RETURNED,
    /** The transport sender is not the party whose keys signed the voucher (a spoofed sender). */
    SENDER_MISMATCH,
    /** A signature's certificate does not belong to the party its stamp position names. */
    SIGNER_NOT_OF_PARTY,
    /** An organisation position (or an ack, or a 回单) signed by anything but the party's organisation certificate. */
    NOT_ORGANISATION_CERTIFICATE,
    /** A personal position signed by an organisation certificate. */
    NOT_PERSONAL_CERTIFICATE,
    /** The personal certificate's holder does not hold the post the position needs. */
    POST_NOT_HELD,
    /** An acknowledgement that names a voucher we sent with other content than ours. */
    ACK_DIGEST_MISMATCH,
    /** An acknowledgement not signed by the organisation certificate of the peer the voucher went to. */
    ACK_WRONG_SIGNER,
    /** A transport message that is not a Jinku message (wrong property types, not bytes, no type). */
    INVALID_MESSAGE,
    /** A receipt line paid outside 0..its PayAmt, or totals that do not add up. */
    AMOUNT_OUT_OF_RANGE,
    /** A voucher names a receiving party (e.g. an agent bank by PayBankCode) this node has no peer for. */
    UNKNOWN_PEER,
    /** More detail lines than the type allows in one voucher (a bigger batch goes as a companion voucher). */
    TOO_MANY_LINES,
    /** An older version of a voucher arriving after a newer one, or an answer to a version no longer live. */
    OLD_VERSION,
    /** The voucher was voided (作废) by its sender; it can never be paid. */
    VOIDED,
    /** An authorized payment over what is left of the unit's quota (by unit, subject and month). */
    OVER_QUOTA,
    /** A clearing request (申请划款) outside the configured clearing window. */
    OUTSIDE_CLEARING_WINDOW,
    /** A clearing request with no clearing quota registered, or beyond what is left of it. */
    CLEARING_QUOTA_EXCEEDED,
    /** A clearing request for more than the bank has paid. */
    CLEARING_MORE_THAN_PAID,
    /** A refund of a payment that was never made (or refunded already). */
    REFUND_NOT_PAID,
    /** A signing operation with a missing or wrong PIN for the key container. */
    WRONG_PIN,
    /** A key container locked after too many wrong PINs; the security administrator unlocks it. */
    KEY_LOCKED,
    /** A certificate on a CRL this node holds (e.g. a key reported lost, 挂失). */
    CERTIFICATE_REVOKED,
    /** A certificate whose key usage does not allow what it was used for (e.g. signing). */
    BAD_KEY_USAGE,
    /** A voucher stamped with an e-seal the receiver has no registration (备案) of from its sender. */
    SEAL_UNREGISTERED,
    /** A voucher stamped with an e-seal its owner revoked or replaced. */
    SEAL_REVOKED,
    /** An e-seal or stamp that does not parse or verify (maker's or signer's signature, data hash, validity, owner). */
    BAD_SEAL,
    /** An encrypted payload this node cannot decrypt (not for its key, broken ciphertext). */
    DECRYPTION_FAILED,
    /** A call without valid credentials (none, wrong password, expired session): HTTP 401. */
    NOT_AUTHENTICATED,
    /** An account locked after too many failed logins; the security administrator unlocks it. */
    ACCOUNT_LOCKED,
    /** A role that may not be combined with one the account holds (separation of duties). */
    ROLE_CONFLICT,
    /** Processing failed inside Jinku; the detail is in the log under the error id given. */
    INTERNAL_ERROR
}
