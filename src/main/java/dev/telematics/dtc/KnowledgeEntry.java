package dev.telematics.dtc;

import dev.telematics.vehicle.Severity;
import java.util.List;
import java.util.Objects;

/**
 * What the knowledge base says about one DTC: for technicians (description, system, causes, remote
 * checks, parts, skill, source) and for the owner (urgency and plain words).
 *
 * @param code         the J2012 code, or null for a J1939 entry
 * @param manufacturer the maker whose meaning this is, for manufacturer-specific codes; null for generic codes
 * @param spn          J1939 SPN, or null
 * @param fmi          J1939 FMI, or null
 */
public record KnowledgeEntry(String code, String manufacturer, Integer spn, Integer fmi, String description,
                             String system, Severity severity, String ownerUrgency, String ownerText,
                             List<String> causes, List<String> remoteChecks, List<String> parts, String skill,
                             String source) {
    public static final List<String> SYSTEMS = List.of("traction-battery", "hv-isolation", "hvil", "charging", "12v",
            "thermal", "network", "chassis", "body", "drive");
    public static final List<String> URGENCIES = List.of("stop-safely", "service-soon", "information");
    public static final List<String> SKILLS = List.of("hv-battery", "12v-electrical", "thermal", "network", "chassis",
            "body");

    public KnowledgeEntry {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(ownerText, "ownerText");
        Objects.requireNonNull(source, "source");
        causes = List.copyOf(causes);
        remoteChecks = List.copyOf(remoteChecks);
        parts = List.copyOf(parts);
        if ((code == null) == (spn == null)) {
            throw new IllegalArgumentException("an entry has either 'code' or 'spn' and 'fmi'");
        }
        if (code != null) {
            DtcCode c = new DtcCode(code);
            if (c.reserved()) {
                throw new IllegalArgumentException(code + " is in a range SAE J2012 reserves: it has no meaning to give");
            }
            if (c.manufacturerSpecific() && (manufacturer == null || manufacturer.isBlank())) {
                throw new IllegalArgumentException(code + " is manufacturer-specific: name its 'manufacturer'");
            }
            if (!c.manufacturerSpecific() && manufacturer != null) {
                throw new IllegalArgumentException(code + " is a generic SAE code: it must not name a manufacturer");
            }
        } else {
            if (fmi == null) {
                throw new IllegalArgumentException("a J1939 entry needs 'fmi' with its 'spn'");
            }
            new J1939Dtc(spn, fmi, 0, 0);
        }
        if (!SYSTEMS.contains(system)) {
            throw new IllegalArgumentException("system '" + system + "' is not one of " + SYSTEMS);
        }
        if (!URGENCIES.contains(ownerUrgency)) {
            throw new IllegalArgumentException("ownerUrgency '" + ownerUrgency + "' is not one of " + URGENCIES);
        }
        if (!SKILLS.contains(skill)) {
            throw new IllegalArgumentException("skill '" + skill + "' is not one of " + SKILLS);
        }
    }

    /** "P0AA6", "B1317 (Ford)" or "SPN 168 FMI 4". */
    public String key() {
        if (code == null) {
            return "SPN " + spn + " FMI " + fmi;
        }
        return manufacturer == null ? code : code + " (" + manufacturer + ")";
    }

    /** A short title an owner understands, by system. */
    public String ownerTitle() {
        return switch (system) {
            case "traction-battery" -> "High-voltage battery fault";
            case "hv-isolation" -> "High-voltage insulation fault";
            case "hvil" -> "High-voltage safety circuit fault";
            case "charging" -> "Charging fault";
            case "12v" -> "12 V electrical fault";
            case "thermal" -> "Battery cooling fault";
            case "network" -> "Control units not communicating";
            case "chassis" -> "Chassis fault";
            case "body" -> "Body electronics fault";
            default -> "Drive system fault";
        };
    }
}
