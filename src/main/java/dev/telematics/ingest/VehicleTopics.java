package dev.telematics.ingest;

/**
 * Parses uplink topics without regular expressions (hot path): {@code vehicles/{VIN}/} followed by one of
 * the {@link MessageKind} suffixes (telemetry, dtc, warnings/ack, owner/settings); anything else under
 * {@code vehicles/} is not an uplink.
 */
public final class VehicleTopics {
    public static final String ROOT = "vehicles/";

    private VehicleTopics() {
    }

    /**
     * True for the engine's own downlink topics ({@code vehicles/{VIN}/warnings} and
     * {@code vehicles/{VIN}/commands}), which clients may not publish to.
     */
    public static boolean isDownlink(String topic) {
        return topic.startsWith(ROOT) && (topic.endsWith("/warnings") || topic.endsWith("/commands"));
    }

    /** The topic a car receives remote diagnostic commands on. */
    public static String commands(String vin) {
        return ROOT + vin + "/commands";
    }

    /** The topic a car answers remote diagnostic commands on (the requests' response topic). */
    public static String commandResponses(String vin) {
        return ROOT + vin + "/" + MessageKind.COMMAND_RESPONSE.suffix();
    }

    /** The message kind of an uplink topic, or null when the topic is not {@code vehicles/X/telemetry|dtc}. */
    public static MessageKind kindOf(String topic) {
        int slash = topic.indexOf('/', ROOT.length());
        if (!topic.startsWith(ROOT) || slash < 0) {
            return null;
        }
        String rest = topic.substring(slash + 1);
        for (MessageKind k : MessageKind.values()) {
            if (k.suffix().equals(rest)) {
                return k;
            }
        }
        return null;
    }

    /** The VIN segment of a topic under {@code vehicles/} (not validated), or null. */
    public static String vinSegment(String topic) {
        int slash = topic.indexOf('/', ROOT.length());
        return slash < 0 ? null : topic.substring(ROOT.length(), slash);
    }
}
