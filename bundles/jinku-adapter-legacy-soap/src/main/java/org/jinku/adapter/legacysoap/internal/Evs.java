package org.jinku.adapter.legacysoap.internal;

/**
 * The error codes of the SOAP API's faults (EVS = electronic voucher store). A fault's message reads
 * {@code java.lang.Exception: EVSnnn#text: reason}: deployed clients cut what follows {@code Exception:} and show
 * it, so the code and the deployed-style text come first and Jinku's specific reason after them.
 * Documented in docs/legacy-soap.md; a code, once published, keeps its meaning.
 */
public enum Evs {
    INTERNAL("EVS000", "凭证库内部错误"),
    UNKNOWN_OPERATION("EVS001", "不支持的接口"),
    MALFORMED_REQUEST("EVS002", "SOAP报文格式错误"),
    ARGUMENT_COUNT("EVS100", "参数不合法"),
    ARGUMENT_TYPE("EVS101", "参数类型错误"),
    UNKNOWN_VT_CODE("EVS102", "凭证类型不存在"),
    READ_LIMIT("EVS103", "一次读取凭证数量超过100"),
    WRONG_DIVISION("EVS104", "区划或年度与凭证不符"),
    UNKNOWN_ORG_TYPE("EVS105", "机构类型不存在"),
    UNKNOWN_CERT_ID("EVS110", "证书ID未注册"),
    NOT_AUTHORIZED("EVS111", "无权执行此操作"),
    WRONG_PIN("EVS112", "证书口令错误或已锁定"),
    CERTIFICATE_INVALID("EVS113", "证书无效"),
    MALFORMED_VOUCHER("EVS120", "凭证报文格式错误"),
    BAD_SIGNATURE("EVS121", "凭证签名验证失败"),
    INVALID_FIELD("EVS122", "凭证内容不合法"),
    UNKNOWN_VOUCHER("EVS130", "凭证不存在"),
    ALREADY_CONFIRMED("EVS131", "凭证已签收"),
    WRONG_STATE("EVS132", "凭证当前状态不允许此操作"),
    DUPLICATE_VOUCHER("EVS133", "凭证已存在"),
    WRONG_POSITION("EVS140", "签章位置不正确"),
    SEAL_ERROR("EVS141", "印章不可用"),
    DATA_TOO_LARGE("EVS150", "附件超过3MB"),
    NO_DATA("EVS151", "没有待接收的附件"),
    NOT_BOUND("EVS160", "凭证库未启用此接口"),
    /** Jinku's own: the call carried no valid account (HTTP Basic), or the account is locked. */
    NOT_AUTHENTICATED("EVS170", "用户未登录或口令错误");

    private final String code;
    private final String text;

    Evs(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The fault message as deployed clients parse it: {@code java.lang.Exception: EVS100#参数不合法: reason}. */
    public String message(String reason) {
        return "java.lang.Exception: " + code + "#" + text + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    }
}
