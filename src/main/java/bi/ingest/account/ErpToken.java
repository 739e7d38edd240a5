package bi.ingest.account;

import java.time.Instant;

/** An account's token row. Never logged: {@link #toString()} leaves the token values out. */
public record ErpToken(String accountId, TokenState state, String accessToken, String refreshToken,
                       Instant expiresAt, Instant refreshedAt, String lastError) {

    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return expiresAt == null || !expiresAt.isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "ErpToken[account=" + accountId + ", state=" + state + ", expiresAt=" + expiresAt + "]";
    }
}
