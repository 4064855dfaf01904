package dev.telematics.cases;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.config.Durations;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.telematics.dtc.KnowledgeEntry;
import java.util.Collections;

/**
 * The service center's configuration (file format version 1, {@code config/service-center.yaml}): SLA
 * targets per severity (elapsed time or working days), the working calendar they are counted on, the
 * reopening period, how often SLAs are checked, the skill a problem needs when the knowledge base names
 * none, and the technicians. Immutable.
 */
public record ServiceCenterConfig(Map<Severity, SlaTarget> sla, Duration reopenWithin, Duration slaCheckEvery,
                                  Map<String, String> skillsByProblem, List<Technician> technicians,
                                  Duration ownerReminderAfter, WorkingCalendar calendar) {
    public static final int VERSION = 1;
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public ServiceCenterConfig {
        Objects.requireNonNull(calendar, "calendar");
        sla = Map.copyOf(sla);
        for (Severity s : Severity.values()) {
            if (!sla.containsKey(s)) {
                throw new IllegalArgumentException("no SLA target for severity " + s.label());
            }
        }
        if (reopenWithin.isNegative() || slaCheckEvery.isNegative() || slaCheckEvery.isZero()
                || ownerReminderAfter.isNegative() || ownerReminderAfter.isZero()) {
            throw new IllegalArgumentException("reopenWithin must be >= 0, slaCheckEvery and ownerReminderAfter > 0");
        }
        skillsByProblem = Collections.unmodifiableMap(new LinkedHashMap<>(skillsByProblem));
        technicians = List.copyOf(technicians);
        Set<String> ids = new HashSet<>();
        for (Technician t : technicians) {
            if (!ids.add(t.id())) {
                throw new IllegalArgumentException("technician '" + t.id() + "' is listed twice");
            }
        }
    }

    /** With the default calendar (Monday to Friday, UTC, no holidays). */
    public ServiceCenterConfig(Map<Severity, SlaTarget> sla, Duration reopenWithin, Duration slaCheckEvery,
                               Map<String, String> skillsByProblem, List<Technician> technicians,
                               Duration ownerReminderAfter) {
        this(sla, reopenWithin, slaCheckEvery, skillsByProblem, technicians, ownerReminderAfter,
                WorkingCalendar.defaults());
    }

    /** Targets like the shipped file's, no technicians (every case stays unassigned). */
    public static ServiceCenterConfig defaults() {
        Map<Severity, SlaTarget> sla = new EnumMap<>(Severity.class);
        sla.put(Severity.CRITICAL, new SlaTarget(Duration.ofMinutes(5), Duration.ofHours(4)));
        sla.put(Severity.HIGH, new SlaTarget(Duration.ofMinutes(30), Duration.ofHours(24)));
        sla.put(Severity.MEDIUM, new SlaTarget(Duration.ofHours(4), Duration.ofHours(72)));
        sla.put(Severity.LOW, new SlaTarget(Duration.ofHours(24), Duration.ofHours(120)));
        sla.put(Severity.INFO, new SlaTarget(Duration.ofHours(72), Duration.ofHours(240)));
        return new ServiceCenterConfig(sla, Duration.ofDays(14), Duration.ofSeconds(30), Map.of(), List.of(),
                Duration.ofHours(24));
    }

    public ServiceCenterConfig withTechnicians(List<Technician> list) {
        return new ServiceCenterConfig(sla, reopenWithin, slaCheckEvery, skillsByProblem, list, ownerReminderAfter,
                calendar);
    }

    public ServiceCenterConfig withSlaCheckEvery(Duration d) {
        return new ServiceCenterConfig(sla, reopenWithin, d, skillsByProblem, technicians, ownerReminderAfter,
                calendar);
    }

    public ServiceCenterConfig withCalendar(WorkingCalendar c) {
        return new ServiceCenterConfig(sla, reopenWithin, slaCheckEvery, skillsByProblem, technicians,
                ownerReminderAfter, c);
    }

    public ServiceCenterConfig withSla(Map<Severity, SlaTarget> targets) {
        return new ServiceCenterConfig(targets, reopenWithin, slaCheckEvery, skillsByProblem, technicians,
                ownerReminderAfter, calendar);
    }

    /** When a case of {@code severity} whose SLA clock started at {@code start} must be acknowledged. */
    public Instant acknowledgeBy(Severity severity, Instant start) {
        return calendar.deadline(start, sla.get(severity).acknowledge());
    }

    /**
     * When a case of {@code severity} whose SLA clock started at {@code start} must reach an outcome, on this
     * center's {@link #calendar()}; never before its acknowledge target (a working day across a
     * daylight-saving change can be 23h long).
     */
    public Instant outcomeBy(Severity severity, Instant start) {
        Instant out = calendar.deadline(start, sla.get(severity).outcome());
        Instant ack = acknowledgeBy(severity, start);
        return out.isBefore(ack) ? ack : out;
    }

    public Optional<Technician> technician(String id) {
        return technicians.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The skill for a problem from {@code skillsByProblem} (the longest matching start), or null. */
    public String skillForProblem(String problem) {
        String best = null;
        int len = -1;
        for (Map.Entry<String, String> e : skillsByProblem.entrySet()) {
            if (problem.startsWith(e.getKey()) && e.getKey().length() > len) {
                best = e.getValue();
                len = e.getKey().length();
            }
        }
        return best;
    }

    /** Reads and checks a service-center file; every problem names the file and the field. */
    public static ServiceCenterConfig load(Path file) {
        String where = "service-center file '" + file + "': ";
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, where + "cannot be read: " + e.getMessage(), e);
        }
        try {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("the file must hold a YAML mapping");
            }
            allowOnly(root, "", Set.of("version", "sla", "reopenWithin", "slaCheckEvery", "skillsByProblem", "technicians",
                    "ownerReminderAfter", "calendar"));
            if (root.path("version").asInt(-1) != VERSION) {
                throw new IllegalArgumentException("version: must be " + VERSION);
            }
            for (String mapping : List.of("sla", "skillsByProblem", "calendar")) {
                if (root.has(mapping) && !root.get(mapping).isObject()) {
                    throw new IllegalArgumentException(mapping + ": must be a mapping");
                }
            }
            if (root.has("technicians") && !root.get("technicians").isArray()) {
                throw new IllegalArgumentException("technicians: must be a list");
            }
            ServiceCenterConfig d = defaults();
            Map<Severity, SlaTarget> sla = new EnumMap<>(d.sla());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sla").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Severity s = field("sla." + e.getKey(), () -> Severity.fromLabel(e.getKey()));
                allowOnly(e.getValue(), "sla." + e.getKey() + ".", Set.of("acknowledge", "outcome"));
                String at = "sla." + e.getKey();
                SlaDuration ack = field(at + ".acknowledge", () -> SlaDuration.parse(e.getValue().path("acknowledge").asText()));
                SlaDuration out = field(at + ".outcome", () -> SlaDuration.parse(e.getValue().path("outcome").asText()));
                sla.put(s, field(at, () -> new SlaTarget(ack, out)));
            }
            Duration reopen = root.has("reopenWithin")
                    ? field("reopenWithin", () -> Durations.parse(root.get("reopenWithin").asText())) : d.reopenWithin();
            Duration every = root.has("slaCheckEvery")
                    ? field("slaCheckEvery", () -> Durations.parse(root.get("slaCheckEvery").asText())) : d.slaCheckEvery();
            Duration remind = root.has("ownerReminderAfter")
                    ? field("ownerReminderAfter", () -> Durations.parse(root.get("ownerReminderAfter").asText()))
                    : d.ownerReminderAfter();
            Map<String, String> skills = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("skillsByProblem").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String skill = e.getValue().asText();
                if (!KnowledgeEntry.SKILLS.contains(skill)) {
                    throw new IllegalArgumentException("skillsByProblem." + e.getKey() + ": unknown skill '" + skill + "'");
                }
                skills.put(e.getKey(), skill);
            }
            List<Technician> techs = new ArrayList<>();
            int i = 0;
            for (JsonNode t : root.path("technicians")) {
                String at = "technicians[" + i++ + "]";
                allowOnly(t, at + ".", Set.of("id", "name", "skills"));
                List<String> sk = new ArrayList<>();
                t.path("skills").forEach(s -> sk.add(s.asText()));
                techs.add(field(at, () -> new Technician(t.path("id").asText(null), t.path("name").asText(null), sk)));
            }
            WorkingCalendar cal = root.has("calendar") ? calendar(root.get("calendar")) : d.calendar();
            return field("", () -> new ServiceCenterConfig(sla, reopen, every, skills, techs, remind, cal));
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, where + e.getMessage(), e);
        }
    }

    /** {@code calendar: {zone: Europe/Berlin, workingDays: [mon, tue, wed, thu, fri], holidays: [2026-12-25]}}. */
    private static WorkingCalendar calendar(JsonNode node) {
        allowOnly(node, "calendar.", Set.of("zone", "workingDays", "holidays"));
        WorkingCalendar d = WorkingCalendar.defaults();
        ZoneId zone = node.has("zone") ? field("calendar.zone", () -> ZoneId.of(node.get("zone").asText())) : d.zone();
        Set<DayOfWeek> days = d.workingDays();
        if (node.has("workingDays")) {
            JsonNode list = node.get("workingDays");
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("calendar.workingDays: must be a non-empty list such as [mon, tue, wed, thu, fri]");
            }
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode n : list) {
                set.add(field("calendar.workingDays", () -> dayOfWeek(n.asText())));
            }
            days = set;
        }
        Set<LocalDate> holidays = new HashSet<>();
        if (node.has("holidays")) {
            if (!node.get("holidays").isArray()) {
                throw new IllegalArgumentException("calendar.holidays: must be a list of dates such as [2026-12-25]");
            }
            for (JsonNode n : node.get("holidays")) {
                holidays.add(field("calendar.holidays", () -> date(n.asText())));
            }
        }
        Set<DayOfWeek> working = days;
        return field("calendar", () -> new WorkingCalendar(zone, working, holidays));
    }

    private static DayOfWeek dayOfWeek(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + text + "' (mon, tue, wed, thu, fri, sat, sun)");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad date '" + text + "' (expected YYYY-MM-DD)");
        }
    }

    private interface Part<T> {
        T get();
    }

    private static <T> T field(String name, Part<T> part) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException((name.isEmpty() ? "" : name + ": ") + e.getMessage(), e);
        }
    }

    private static void allowOnly(JsonNode node, String prefix, Set<String> allowed) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(prefix + " must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + prefix + f + "' (allowed: " + allowed + ")");
            }
        }
    }
}
