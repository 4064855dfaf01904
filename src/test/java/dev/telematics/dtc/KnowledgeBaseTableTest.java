package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the knowledge base against a public table of SAE J2012 generic DTC names
 * ({@code datasets/sae-j2012-dtc/}, Wal33D/dtc-database, MIT; see its README): every generic code the
 * knowledge base holds must be in the table with the same meaning. Manufacturer-specific codes (P1xxx,
 * P30-P33, B1/B2, C1/C2, U1/U2) are exempt: the table cannot speak for a manufacturer.
 *
 * <p>"The same meaning" is a normalised comparison, see {@link #normalise}: formatting (case, quotes,
 * punctuation, spaces around '/') and two renames between J2012 editions are ignored; any other word
 * that differs is a disagreement.
 */
class KnowledgeBaseTableTest {
    private static final Path TABLE = Path.of("datasets", "sae-j2012-dtc");
    private static final Pattern ROW = Pattern.compile("^([PCBU][0-3][0-9A-F]{3}) - (.+)$");

    static Map<String, List<String>> table() throws IOException {
        Map<String, List<String>> names = new HashMap<>();
        for (String file : List.of("p_codes.txt", "c_codes.txt", "b_codes.txt", "u_codes.txt")) {
            for (String line : Files.readAllLines(TABLE.resolve(file), StandardCharsets.UTF_8)) {
                Matcher m = ROW.matcher(line.strip());
                if (m.matches()) {
                    names.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
                }
            }
        }
        return names;
    }

    /**
     * A DTC name reduced to its meaning: lower case; quotes, brackets, commas, colons, dots and dashes
     * become spaces; "x / y" is "x/y"; "Hybrid/EV" is "Hybrid" (J2012-DA's later name for the same
     * systems); a lone designator "A" is dropped (later editions letter the first of a kind "A": "Interlock
     * Circuit" became "Interlock Circuit A"). Other designators ("B", "1") and every other word count.
     */
    static String normalise(String name) {
        String s = name.toLowerCase(Locale.ROOT)
                .replaceAll("[\"'\u201C\u201D\u2018\u2019()\\[\\],:;.\u2013\u2014-]", " ")
                .replaceAll("\\s*/\\s*", "/")
                .replace("hybrid/ev", "hybrid");
        return (" " + s.replaceAll("\\s+", " ") + " ").replace(" a ", " ").replaceAll("\\s+", " ").strip();
    }

    @Test
    void everyGenericCodeOfTheKnowledgeBase_meansWhatThePublicJ2012TableSays() throws IOException {
        Map<String, List<String>> table = table();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (KnowledgeEntry e : KnowledgeBase.load(Path.of("rules")).entries()) {
            if (e.code() == null || new DtcCode(e.code()).manufacturerSpecific()) {
                continue;
            }
            checked++;
            List<String> names = table.get(e.code());
            if (names == null) {
                disagreements.add(e.code() + ": not in the table (knowledge base: '" + e.description() + "')");
            } else if (names.stream().noneMatch(n -> normalise(n).equals(normalise(e.description())))) {
                disagreements.add(e.code() + ": knowledge base '" + e.description() + "', table '"
                        + String.join("' or '", names) + "'");
            }
        }
        assertTrue(checked >= 40, "generic codes checked: " + checked);
        assertTrue(disagreements.isEmpty(), disagreements.size() + " of " + checked
                + " generic codes disagree with datasets/sae-j2012-dtc:\n" + String.join("\n", disagreements));
    }

    @Test
    void c0035_isTheSaeRightFrontWheelSpeedSensorSupply_notAManufacturersLeftFrontCircuit() throws IOException {
        assertEquals(List.of("Right Front Wheel Speed Sensor Supply"), table().get("C0035"));
        KnowledgeEntry c0035 = KnowledgeBase.load(Path.of("rules")).entries().stream()
                .filter(e -> "C0035".equals(e.code())).findFirst().orElseThrow();
        assertEquals("Right Front Wheel Speed Sensor Supply", c0035.description());
        assertFalse(c0035.ownerText().toLowerCase(Locale.ROOT).contains("left"), c0035.ownerText());
    }

    @Test
    void normalisation_ignoresFormattingAndEditionRenames_butNotMeaning() {
        assertEquals(normalise("Hybrid/EV Battery Temperature Sensor A Circuit"),
                normalise("Hybrid Battery Temperature Sensor \"A\" Circuit"));
        assertEquals(normalise("DC/DC Converter A Performance"), normalise("DC / DC Converter Performance"));
        assertEquals(normalise("Lost Communication With Anti-Lock Brake System (ABS) Control Module A"),
                normalise("Lost Communication With Anti-Lock Brake System (ABS) Control Module"));
        assertEquals(normalise("Brake Pedal Position Sensor \u201CA\u201D Offset"), normalise("Brake Pedal Position Sensor Offset"));
        assertFalse(normalise("Right Front Wheel Speed Sensor Supply").equals(normalise("Left Front Wheel Speed Sensor Circuit")));
        assertFalse(normalise("Temperature Sensor B Circuit").equals(normalise("Temperature Sensor A Circuit")));
        assertFalse(normalise("System Voltage").equals(normalise("System Voltage Malfunction")));
        assertFalse(normalise("Coolant Temperature Sensor A Circuit Range/Performance")
                .equals(normalise("Coolant Temperature Sensor 1 Performance")));
    }

    @Test
    void theTable_holdsTheGenericRangesOfEverySystem() throws IOException {
        Map<String, List<String>> table = table();
        for (String prefix : List.of("P0", "P2", "C0", "B0", "U0")) {
            long n = table.keySet().stream().filter(c -> c.startsWith(prefix)).count();
            assertTrue(n >= 100, prefix + "xxx rows: " + n);
        }
        assertEquals(List.of("Hybrid/EV Battery Voltage System Isolation Fault"), table.get("P0AA6"));
    }
}
