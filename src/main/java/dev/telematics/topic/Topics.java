package dev.telematics.topic;

/**
 * The topic contract between cars, owner apps and the engine: every topic name is made and parsed here,
 * without regular expressions (hot path). Uplink topics are {@code vehicles/{VIN}/} followed by one of the
 * {@link MessageKind} suffixes; the engine's downlink topics are {@code vehicles/{VIN}/warnings} (owner
 * warnings, to the car and its owner app) and {@code vehicles/{VIN}/commands} (remote diagnostic requests).
 * Pure functions; thread-safe.
 */
public final class Topics {
    public static final String ROOT = "vehicles/";
    private static final String WARNINGS = "warnings";
    private static final String COMMANDS = "commands";

    private Topics() {
    }

    /** True for any topic under {@code vehicles/}. */
    public static boolean isVehicleTopic(String topic) {
        return topic.startsWith(ROOT);
    }

    /** The topic of an uplink message of {@code kind} for {@code vin}. */
    public static String uplink(String vin, MessageKind kind) {
        return ROOT + vin + "/" + kind.suffix();
    }

    public static String telemetry(String vin) {
        return uplink(vin, MessageKind.TELEMETRY);
    }

    public static String dtc(String vin) {
        return uplink(vin, MessageKind.DTC);
    }

    /** The topic owner warnings of a car are published on (the car and its owner app subscribe to it). */
    public static String warnings(String vin) {
        return ROOT + vin + "/" + WARNINGS;
    }

    /** The topic a car receives remote diagnostic commands on. */
    public static String commands(String vin) {
        return ROOT + vin + "/" + COMMANDS;
    }

    /** The topic a car answers remote diagnostic commands on (the requests' response topic). */
    public static String commandResponses(String vin) {
        return uplink(vin, MessageKind.COMMAND_RESPONSE);
    }

    /** The topic prefix {@code vehicles/{VIN}/} of every topic of one car. */
    public static String prefix(String vin) {
        return ROOT + vin + "/";
    }

    /**
     * True for the engine's own downlink topics ({@code vehicles/{VIN}/warnings} and
     * {@code vehicles/{VIN}/commands}), which clients may not publish to.
     */
    public static boolean isDownlink(String topic) {
        return topic.startsWith(ROOT) && (topic.endsWith("/" + WARNINGS) || topic.endsWith("/" + COMMANDS));
    }

    /** The message kind of an uplink topic, or null when the topic is not one of {@link MessageKind}'s. */
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
        if (!topic.startsWith(ROOT)) {
            return null;
        }
        int slash = topic.indexOf('/', ROOT.length());
        return slash < 0 ? null : topic.substring(ROOT.length(), slash);
    }
}
