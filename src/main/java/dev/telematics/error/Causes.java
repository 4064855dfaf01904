package dev.telematics.error;

/** The innermost cause's message of an exception, for errors that must say what really went wrong. */
public final class Causes {
    private Causes() {
    }

    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
