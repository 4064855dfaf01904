package dev.telematics.handoff;

import java.util.List;
import java.util.Locale;

/** The languages owner warnings are written in: English (the rules' own words) and Simplified Chinese. */
public final class OwnerLanguage {
    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh-CN";
    public static final List<String> SUPPORTED = List.of(ENGLISH, CHINESE);

    private OwnerLanguage() {
    }

    /** The supported language tag for {@code tag} ("zh-cn", "zh_CN", "EN" ...), or null when not supported. */
    public static String normalise(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        return switch (t) {
            case "en", "en-gb", "en-us" -> ENGLISH;
            case "zh-cn", "zh-hans", "zh-hans-cn", "zh" -> CHINESE;
            default -> null;
        };
    }
}
