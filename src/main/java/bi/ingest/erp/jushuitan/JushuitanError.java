package bi.ingest.erp.jushuitan;

import java.util.Map;

/**
 * The platform's error codes by what bi-ingest does about them: the one table to correct when the platform's
 * numbers turn out different (specs/jushuitan.md, "Corrections").
 */
public enum JushuitanError {
    /** code 0 */
    NONE,
    /** 10: the signature does not match; the app secret is wrong. */
    SIGNATURE,
    /** 100: the access token is invalid or expired; refresh once and repeat the call. */
    TOKEN_EXPIRED,
    /** 110: the caller's IP is not on the app's list. */
    IP_REFUSED,
    /** 140: a parameter or the timestamp is invalid. */
    INVALID_REQUEST,
    /** 150: the refresh was refused (ISV apps cannot refresh); the merchant must authorize again. */
    REFRESH_REFUSED,
    /** 190: the app lacks the permission for this interface. */
    PERMISSION,
    /** 199 (per second) and 200 (per minute): back off and repeat. */
    RATE_LIMITED,
    /** 21024: the app type does not allow this token call. */
    APP_TYPE,
    /** anything else */
    OTHER;

    private static final Map<Integer, JushuitanError> BY_CODE = Map.of(
            0, NONE, 10, SIGNATURE, 100, TOKEN_EXPIRED, 110, IP_REFUSED, 140, INVALID_REQUEST, 150, REFRESH_REFUSED,
            190, PERMISSION, 199, RATE_LIMITED, 200, RATE_LIMITED, 21024, APP_TYPE);

    public static JushuitanError of(int code) {
        return BY_CODE.getOrDefault(code, OTHER);
    }
}
