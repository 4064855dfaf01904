package dev.telematics.service;

import java.util.regex.Pattern;

/** The one spelling rule of the network's ids. */
final class Ids {
    static final String RULE = "must be 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private Ids() {
    }

    static boolean valid(String id) {
        return ID.matcher(id).matches();
    }
}
