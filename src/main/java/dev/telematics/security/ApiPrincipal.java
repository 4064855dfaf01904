package dev.telematics.security;

import java.util.Objects;

/**
 * Who is calling the API: the name and role from a verified token. With API security off every caller
 * is {@link #UNAUTHENTICATED_SUPERVISOR} (tests, benchmarks, a trusted network).
 *
 * @param name    the person (token subject), or null without API security
 * @param role    what they may do
 * @param tokenId the token's id (for audit; never the token itself)
 */
public record ApiPrincipal(String name, ApiRole role, String tokenId) {
    public static final ApiPrincipal UNAUTHENTICATED_SUPERVISOR = new ApiPrincipal(null, ApiRole.SUPERVISOR, null);

    public ApiPrincipal {
        Objects.requireNonNull(role, "role");
    }
}
