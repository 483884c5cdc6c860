package org.jinku.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One party's voucher store (电子凭证库), registered as an OSGi service with the property
 * {@code jinku.node=<name>}. The REST API, the shell and party adapters all work through it.
 * Every method that changes state writes its event in the same transaction as the change.
 */
public interface Node {

    String SERVICE_PROPERTY = "jinku.node";

    String name();

    PartyRole role();

    /** The transport address peers send to. */
    String address();

    List<UserInfo> users();

    /**
     * Validates and stores a new voucher as DRAFT (status 13).
     *
     * @throws JinkuException INVALID_FIELD with field errors, DUPLICATE_VOUCHER when the key exists
     */
    VoucherView submit(Voucher voucher);

    /**
     * Signs the voucher at the next post as {@code userId}. When the last required post has signed,
     * the voucher is stored SIGNED and queued for its peer in the same transaction.
     *
     * @throws JinkuException NOT_AUTHORIZED, SAME_SIGNER_TWICE, WRONG_STATE, UNKNOWN_VOUCHER
     */
    default VoucherView sign(VoucherKey key, String userId) {
        return sign(key, userId, null);
    }

    /**
     * Signs the voucher at the next post as {@code userId}, whose key container {@code pin} opens (null: only
     * within the provider's PIN cache time, off by default). When the last required post has signed and every
     * stamp configured for the type is applied, the voucher is stored SIGNED and queued for its peer.
     *
     * @throws JinkuException WRONG_PIN, KEY_LOCKED, CERTIFICATE_REVOKED, NOT_AUTHORIZED, SAME_SIGNER_TWICE,
     *                        WRONG_STATE, UNKNOWN_VOUCHER
     */
    VoucherView sign(VoucherKey key, String userId, String pin);

    /**
     * Stamps the voucher with the party's active e-seal for {@code position} (a stamp position configured for
     * its VtCode), as {@code userId} holding the SEAL post, whose PIN opens their container. The voucher is
     * sent once every signature and configured stamp is on it.
     *
     * @throws JinkuException SEAL_UNREGISTERED when a destination has not acknowledged the seal's registration
     */
    VoucherView stamp(VoucherKey key, String position, String userId, String pin);

    /** Removes a stamp again before the voucher is sent (撤销签章); refused once it is queued or sent. */
    VoucherView cancelStamp(VoucherKey key, String position, String actor);

    /** The stamps (position → seal esID) on a voucher (flag 0) or 回单 (flag 1) stored here. */
    Map<String, String> stamps(VoucherKey key, int voucherFlag);

    // ------------------------------------------------------------------ certificates and revocation

    /** The certificates this node signs with, each with its expiry warning (60 days ahead by default). */
    List<CertificateView> certificates();

    /**
     * Reports the key of {@code holder} (an operator's user ID, or {@code org}) lost (挂失): its certificate is
     * revoked with reason keyCompromise, this node stops using it, and the new CRL goes to every peer at once.
     * Returns the revoked certificate's register entry.
     */
    IssuedCertificate reportLost(String holder, String actor);

    /** Sends the current CRL of this node's CA to every peer now (it also goes on start and periodically). */
    void publishCrl(String actor);

    /** The CRLs this node holds, as issuer → "number N, M revoked, received from P at T". */
    Map<String, String> crls();

    // ------------------------------------------------------------------ e-seals (电子印章)

    List<SealView> seals();

    /** Applies for a seal (申请) for a stamp position of this party, with its PNG image. */
    SealView applySeal(String name, String position, byte[] png, String actor);

    /** Approves an applied seal; the approver must be another person than the applicant. */
    SealView approveSeal(String sealId, String actor);

    /** Makes an approved seal: the GB/T 38540 SESeal, signed by this party's seal maker. */
    SealView makeSeal(String sealId, String actor);

    /**
     * Registers (备案) a made seal with every peer: each must acknowledge it before the seal stamps anything for
     * it. The seal is ACTIVE from the first acknowledgement and stamps for the peers that acknowledged.
     */
    SealView registerSeal(String sealId, String actor);

    /**
     * Changes a seal (变更): applies for its successor with a new image; the old one stays usable until the
     * successor is active, then it is CHANGED and peers are told.
     */
    SealView changeSeal(String sealId, byte[] png, String actor);

    /** Revokes a seal (废止); peers are told and refuse vouchers it stamps from then on. */
    SealView revokeSeal(String sealId, String actor, String reason);

    /** The voucher (flag 0) or receipt (flag 1) as stored here. */
    Optional<VoucherView> find(VoucherKey key, int voucherFlag);

    /** Decoded business content of a stored voucher or receipt. */
    Optional<Voucher> content(VoucherKey key, int voucherFlag);

    /** Every event of the voucher and of its receipt, oldest first. */
    List<EventView> history(VoucherKey key);

    /**
     * Whether the voucher's and its receipt's event histories are intact: every event's SM3 hash chains
     * to the one before, none missing, altered or reordered.
     */
    boolean historyIntact(VoucherKey key);

    List<VoucherView> list(int limit);

    /** Number of sent vouchers (flag 0) per status code towards their destination. */
    Map<DeliveryStatus, Long> statusCounts();

    List<RejectionView> rejections(int limit);

    /** Messages the transport parked for this node after repeated failures, oldest first. */
    List<ParkedMessage> parked(int limit);

    /**
     * Puts a parked message back at the end of this node's inbox, to be processed again.
     *
     * @throws JinkuException UNKNOWN_VOUCHER when no parked message has that id
     */
    void retryParked(String id, String actor);

    /**
     * Drops a parked message for good; the drop is recorded as a rejection with who did it.
     *
     * @throws JinkuException UNKNOWN_VOUCHER when no parked message has that id
     */
    void discardParked(String id, String actor);

    /** Receiver: the business accepts a received voucher (签收). */
    VoucherView accept(VoucherKey key, String actor);

    /** Receiver: the business refuses a received voucher (签收失败) with a reason (≤ 200 bytes). */
    VoucherView refuse(VoucherKey key, String actor, String reason);

    /**
     * Receiver: refuses with a specific code (e.g. OVER_QUOTA), recorded as a rejection here and carried
     * to the sender in the refusal.
     */
    default VoucherView refuse(VoucherKey key, String actor, RejectCode code, String reason) {
        return refuse(key, actor, reason);
    }

    /**
     * Sender: voids (作废) its own voucher — one not yet sent, or one its peer refused or returned. A voided
     * version is never sent again nor paid; submitting the corrected voucher under the same key makes the
     * next version, which is then the live one.
     *
     * @throws JinkuException WRONG_STATE when the voucher is on its way or was accepted
     */
    VoucherView voidVoucher(VoucherKey key, String actor, String reason);

    /**
     * Sender of a voucher: refuses (签收失败) the 回单 it received for it, with a reason. The receipt's sender
     * sees status 10, corrects it and sends it again; the voucher waits for it (state ACCEPTED).
     */
    VoucherView refuseReceipt(VoucherKey key, String actor, String reason);

    /** Sender of a voucher: returns (退回) the 回单 it received, with a reason (status 11 at its sender). */
    VoucherView returnReceipt(VoucherKey key, String actor, String reason);

    /**
     * Sender: sends a voucher (flag 0) or 回单 (flag 1) made here again (补发), unchanged, to every party it went
     * to — when a peer says it never got it, or after its trust settings were fixed. The peer takes an
     * identical copy as a redelivery and answers with the status it holds, so nothing is stored or paid twice.
     *
     * @throws JinkuException WRONG_STATE when it was received here, is still being signed, or was voided
     */
    VoucherView resend(VoucherKey key, int voucherFlag, String actor);

    /**
     * The signed envelope (MOF {@code <MOF><VoucherCount>…}) of a voucher or 回单 stored here, as it travels
     * between parties: for offline export, support, and tools that must show what was on the wire.
     */
    Optional<byte[]> envelope(VoucherKey key, int voucherFlag);

    /**
     * Holds (true) or releases (false) everything this node sends to {@code peer}: it waits in the outbox,
     * in order and durable, until released. For a peer's announced downtime, and for joint tests that cut
     * the link between two parties. A restart of the node releases every hold.
     */
    void holdPeer(String peer, boolean hold, String actor);

    /** The peers whose messages are held here (see {@link #holdPeer}). */
    java.util.Set<String> heldPeers();

    /** Every version of the voucher (flag 0) stored here, oldest first; the last is the live one. */
    List<VoucherView> versions(VoucherKey key);

    /** The party's books as its adapter keeps them (a simulator's ledger); empty without an adapter. */
    Map<String, Object> ledger();

    /** What the bound adapter can run on demand (see {@link #runCommand}). */
    List<String> commands();

    /**
     * Runs an adapter action now, e.g. a bank's clearing request or a party's daily reports.
     *
     * @throws JinkuException NOT_AUTHORIZED when no adapter is bound or it has no such command
     */
    String runCommand(String command, Map<String, String> args);

    // ------------------------------------------------------------------ for host systems' own APIs (adapters)

    /** The id ({@code jinku.adapter}) of the party adapter bound now; empty when none is. */
    default Optional<String> adapterId() {
        return Optional.empty();
    }

    /**
     * Received vouchers (flag 0) of one type that the business has not answered yet (签收, 签收失败 or 退回),
     * oldest first: what a host system reads.
     */
    List<VoucherView> unanswered(String vtCode, int limit);

    /**
     * Records in the history of a voucher stored here what the host system did with it outside the node (read
     * it, printed it), so its timeline and the audit show it.
     *
     * @throws JinkuException UNKNOWN_VOUCHER
     */
    void recordHostAction(VoucherKey key, int voucherFlag, HostAction action, String actor, String detail);

    /**
     * Stores a voucher signed elsewhere (a front-end signed it with the operators' own keys, 客户端签名): its base64
     * text and every signature are kept byte for byte. Each signature must be at the type's next sender position,
     * verify over that text under a trusted CA, name its certificate's serial, and be made by the operator
     * {@code signerByPosition} names for it, who holds the position's post; no operator signs twice. When every
     * position is signed (and every configured stamp is on) the voucher is queued, as after {@link #sign}.
     *
     * @throws JinkuException INVALID_FIELD, DUPLICATE_VOUCHER, BAD_SIGNATURE, NOT_AUTHORIZED, SAME_SIGNER_TWICE,
     *                        CERTIFICATE_REVOKED, UNKNOWN_CERTIFICATE, ENVELOPE_MISMATCH
     */
    VoucherView submitSigned(EnvelopeEntry entry, Map<String, String> signerByPosition, String actor);

    /**
     * Sends an attachment (附件) of at most {@link DataBlock#MAX_BYTES} to a peer, outside any voucher, signed by
     * this node's organisation; the peer keeps it until its host takes it ({@link #takeData}).
     *
     * @throws JinkuException UNKNOWN_PEER, INVALID_FIELD when empty or too large
     */
    void sendData(String peer, byte[] data, String actor);

    /**
     * Takes the oldest attachment received and not yet taken. A taken attachment is not handed out again; it
     * stays on disk (under the node's {@code data-in/taken}) for the record.
     */
    Optional<DataBlock> takeData(String actor);

    /** Receiver: returns a received voucher to its sender (退回) with a reason. */
    VoucherView returnVoucher(VoucherKey key, String actor, String reason);

    /**
     * Receiver: signs and sends the receipt (回单) of an accepted voucher: same key, VoucherFlag=1, X fields
     * filled by the caller. Idempotent: a second call for the same key returns the stored receipt.
     */
    VoucherView reply(VoucherKey key, Voucher receipt);
}
