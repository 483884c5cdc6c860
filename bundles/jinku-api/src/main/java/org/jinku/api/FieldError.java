package org.jinku.api;

/**
 * One field-level validation error. {@code path} names the field: {@code PayAmt} in the header,
 * {@code DetailList[2].PayAmt} in the third detail line.
 */
public record FieldError(String path, String code, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
