package org.jinku.api;

import java.util.List;

/** A refusal with a specific {@link RejectCode}; field errors when the content failed validation. */
public class JinkuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectCode code;
    private final transient List<FieldError> fieldErrors;

    public JinkuException(RejectCode code, String message) {
        this(code, message, List.of(), null);
    }

    public JinkuException(RejectCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public JinkuException(RejectCode code, String message, List<FieldError> fieldErrors, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static JinkuException invalid(List<FieldError> errors) {
        StringBuilder sb = new StringBuilder("voucher is invalid: ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        return new JinkuException(RejectCode.INVALID_FIELD, sb.toString(), errors, null);
    }

    public RejectCode code() {
        return code;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
