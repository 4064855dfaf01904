package dev.telematics.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API token's holder may do. A technician reads and works cases and (with the owner's consent)
 * runs remote diagnostics; a supervisor also reassigns cases, overrides SLAs and resets statistics; an
 * auditor only reads.
 */
public enum ApiRole {
    TECHNICIAN(EnumSet.of(ApiPermission.READ, ApiPermission.WORK_CASES, ApiPermission.REMOTE_DIAGNOSE)),
    SUPERVISOR(EnumSet.allOf(ApiPermission.class)),
    AUDITOR(EnumSet.of(ApiPermission.READ));

    private final Set<ApiPermission> permissions;

    ApiRole(Set<ApiPermission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(ApiPermission p) {
        return permissions.contains(p);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code s} (technician, supervisor, auditor; any case), or null. */
    public static ApiRole parse(String s) {
        for (ApiRole r : values()) {
            if (r.label().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return r;
            }
        }
        return null;
    }
}
