package dev.telematics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a service-network file (format version 1, {@code config/service-network.yaml}, described in
 * docs/service-center.md). Every problem is collected with its file and line and reported together in a
 * {@link ServiceNetworkException}: unknown or missing fields, unknown part or skill, duplicate id, position
 * out of range, unknown time zone, bad or empty hours, a service point closing before it opens, negative stock.
 */
public final class ServiceNetworkLoader {
    public static final int VERSION = 1;
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Set<String> POINT_FIELDS = Set.of("id", "name", "location", "timeZone", "openingHours", "skills",
            "bays", "stock");
    private static final Set<String> UNIT_FIELDS = Set.of("id", "kind", "home", "timeZone", "shift", "skills");
    private final Set<String> knownParts;
    private final Set<String> knownSkills;

    /** @param knownParts the part names stock may list; @param knownSkills the skills points and units may name */
    public ServiceNetworkLoader(Set<String> knownParts, Set<String> knownSkills) {
        this.knownParts = Set.copyOf(knownParts);
        this.knownSkills = Set.copyOf(knownSkills);
    }

    /** Parts: every part the knowledge base names; skills: {@link KnowledgeEntry#SKILLS}. */
    public static ServiceNetworkLoader forKnowledgeBase(KnowledgeBase kb) {
        Set<String> parts = new TreeSet<>();
        kb.entries().forEach(e -> parts.addAll(e.parts()));
        return new ServiceNetworkLoader(parts, Set.copyOf(KnowledgeEntry.SKILLS));
    }

    public ServiceNetwork load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new ServiceNetworkException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    /** Reads one document; {@code file} names it in the messages. */
    public ServiceNetwork load(String file, InputStream in) {
        List<String> problems = new ArrayList<>();
        LocatedYaml doc;
        try {
            doc = LocatedYaml.read(file, in, problems);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ServiceNetworkException(List.of(file + ":" + line + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ServiceNetworkException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        ServiceNetwork network = new Reading(file, doc, problems).network();
        if (!problems.isEmpty()) {
            throw new ServiceNetworkException(problems);
        }
        return network;
    }

    /** One file being read: its tree, and the problems found so far. */
    private final class Reading {
        private final String file;
        private final LocatedYaml doc;
        private final List<String> problems;
        private final Map<String, String> idsSeen = new HashMap<>();

        Reading(String file, LocatedYaml doc, List<String> problems) {
            this.file = file;
            this.doc = doc;
            this.problems = problems;
        }

        private void problem(String path, String text) {
            problems.add(file + ":" + doc.line(path) + ": " + (path.isEmpty() ? "" : path + ": ") + text);
        }

        ServiceNetwork network() {
            JsonNode root = doc.root();
            if (!root.isObject()) {
                problem("", "a service-network file is a mapping with 'version', 'servicePoints' and 'units'");
                return null;
            }
            onlyFields(root, "", Set.of("version", "servicePoints", "units"));
            if (!root.path("version").isIntegralNumber() || root.path("version").asInt() != VERSION) {
                problem(root.has("version") ? "version" : "", "version must be " + VERSION);
            }
            List<ServicePoint> points = list(root, "servicePoints", this::point);
            List<ServiceUnit> units = list(root, "units", this::unit);
            return problems.isEmpty() ? new ServiceNetwork(points, units) : null;
        }

        private <T> List<T> list(JsonNode root, String field, Function<String, T> read) {
            List<T> out = new ArrayList<>();
            JsonNode list = root.path(field);
            if (list.isMissingNode()) {
                return out;
            }
            if (!list.isArray()) {
                problem(field, "must be a list");
                return out;
            }
            for (int i = 0; i < list.size(); i++) {
                String at = field + "[" + i + "]";
                if (!list.get(i).isObject()) {
                    problem(at, "must be a mapping");
                    continue;
                }
                T item = read.apply(at);
                if (item != null) {
                    out.add(item);
                }
            }
            return out;
        }

        private ServicePoint point(String at) {
            int before = problems.size();
            onlyFields(node(at), at, POINT_FIELDS);
            ServicePointId id = id(at, ServicePointId::new);
            String name = text(at + ".name");
            GeoPosition location = position(at + ".location");
            WeeklyHours hours = hours(at, "openingHours", false);
            Set<String> skills = skills(at + ".skills");
            JsonNode b = node(at + ".bays");
            int bays = b.isIntegralNumber() && b.canConvertToInt() ? b.asInt() : 0;
            if (bays < 1) {
                problem(at + ".bays", b.isMissingNode() ? "missing" : "must be a whole number of at least 1");
            }
            Map<String, Integer> stock = stock(at + ".stock");
            return build(at, before, () -> new ServicePoint(id, name, location, hours, skills, bays, stock));
        }

        private ServiceUnit unit(String at) {
            int before = problems.size();
            onlyFields(node(at), at, UNIT_FIELDS);
            UnitId id = id(at, UnitId::new);
            UnitKind kind = null;
            String k = text(at + ".kind");
            if (k != null) {
                try {
                    kind = UnitKind.valueOf(k);
                } catch (IllegalArgumentException e) {
                    problem(at + ".kind", "'" + k + "' is not one of " + List.of(UnitKind.values()));
                }
            }
            GeoPosition home = position(at + ".home");
            WeeklyHours shift = hours(at, "shift", true);
            Set<String> skills = skills(at + ".skills");
            UnitKind kindRead = kind;
            return build(at, before, () -> new ServiceUnit(id, kindRead, home, skills, shift));
        }

        private <T> T build(String at, int problemsBefore, java.util.function.Supplier<T> make) {
            if (problems.size() > problemsBefore) {
                return null;
            }
            try {
                return make.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                problem(at, e.getMessage());
                return null;
            }
        }

        private <T> T id(String at, Function<String, T> make) {
            String path = at + ".id";
            String text = text(path);
            if (text == null) {
                return null;
            }
            String where = file + ":" + doc.line(path);
            String first = idsSeen.putIfAbsent(text, where);
            if (first != null) {
                problem(path, "id '" + text + "' is used twice (first at " + first + ")");
                return null;
            }
            try {
                return make.apply(text);
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private GeoPosition position(String path) {
            JsonNode n = node(path);
            if (!n.isObject()) {
                problem(path, n.isMissingNode() ? "missing (a mapping {lat: .., lon: ..})" : "must be a mapping {lat: .., lon: ..}");
                return null;
            }
            onlyFields(n, path, Set.of("lat", "lon"));
            Double lat = degrees(path + ".lat", 90);
            Double lon = degrees(path + ".lon", 180);
            return lat == null || lon == null ? null : new GeoPosition(lat, lon);
        }

        private Double degrees(String path, double limit) {
            JsonNode n = node(path);
            if (!n.isNumber()) {
                problem(path, n.isMissingNode() ? "missing" : "must be a number of degrees");
                return null;
            }
            if (!(Math.abs(n.asDouble()) <= limit)) {
                problem(path, n.asDouble() + " is outside [-" + (int) limit + ", " + (int) limit + "]");
                return null;
            }
            return n.asDouble();
        }

        /** Hours under {@code field}, in the zone of {@code at.timeZone}; a unit's shift may cross midnight. */
        private WeeklyHours hours(String at, String field, boolean mayCrossMidnight) {
            ZoneId zone = null;
            String z = text(at + ".timeZone");
            if (z != null) {
                if (ZoneId.getAvailableZoneIds().contains(z)) {
                    zone = ZoneId.of(z);
                } else {
                    problem(at + ".timeZone", "'" + z + "' is not an IANA time zone (e.g. Europe/Berlin)");
                }
            }
            String path = at + "." + field;
            JsonNode n = node(path);
            if (!n.isObject()) {
                problem(path, (n.isMissingNode() ? "missing" : "must be") + " a mapping of weekday (mon..sun) to \"HH:MM-HH:MM\"");
                return null;
            }
            Map<DayOfWeek, TimeRange> days = new EnumMap<>(DayOfWeek.class);
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String day = it.next();
                String dayPath = path + "." + day;
                if (!DAYS.containsKey(day)) {
                    problem(dayPath, "'" + day + "' is not a weekday (mon, tue, wed, thu, fri, sat, sun)");
                    continue;
                }
                try {
                    TimeRange r = TimeRange.parse(n.get(day).isTextual() ? n.get(day).asText() : n.get(day).toString());
                    if (!mayCrossMidnight && r.crossesMidnight()) {
                        problem(dayPath, "closes (" + r.to() + ") before it opens (" + r.from() + ")");
                    }
                    days.put(DAYS.get(day), r);
                } catch (IllegalArgumentException e) {
                    problem(dayPath, e.getMessage());
                }
            }
            return zone == null ? null : new WeeklyHours(zone, days);
        }

        private Set<String> skills(String path) {
            JsonNode n = node(path);
            Set<String> out = new LinkedHashSet<>();
            if (!n.isArray() || n.isEmpty()) {
                problem(path, "must be a non-empty list of skills " + new TreeSet<>(knownSkills));
                return out;
            }
            for (int i = 0; i < n.size(); i++) {
                String s = n.get(i).asText();
                if (!knownSkills.contains(s)) {
                    problem(path + "[" + i + "]", "unknown skill '" + s + "' (known: " + new TreeSet<>(knownSkills) + ")");
                }
                out.add(s);
            }
            return out;
        }

        private Map<String, Integer> stock(String path) {
            JsonNode n = node(path);
            Map<String, Integer> out = new LinkedHashMap<>();
            if (n.isMissingNode()) {
                return out;
            }
            if (!n.isObject()) {
                problem(path, "must be a mapping of part name to quantity");
                return out;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String partPath = path + "." + e.getKey();
                if (!knownParts.contains(e.getKey())) {
                    problem(partPath, "unknown part '" + e.getKey() + "' (not a part of the knowledge base)");
                } else if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                    problem(partPath, "quantity must be a whole number");
                } else if (e.getValue().asInt() < 0) {
                    problem(partPath, "negative stock " + e.getValue().asInt());
                } else {
                    out.put(e.getKey(), e.getValue().asInt());
                }
            }
            return out;
        }

        private String text(String path) {
            JsonNode n = node(path);
            if (!n.isTextual() || n.asText().isBlank()) {
                problem(path, n.isMissingNode() ? "missing" : "must be a non-empty text");
                return null;
            }
            return n.asText();
        }

        private void onlyFields(JsonNode n, String at, Set<String> allowed) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    problem(at.isEmpty() ? f : at + "." + f, "unknown field '" + f + "' (known: " + new TreeSet<>(allowed) + ")");
                }
            }
        }

        /** The node at a path of the form {@code a[1].b.c} (field names may hold spaces, not dots or brackets). */
        private JsonNode node(String path) {
            JsonNode n = doc.root();
            for (String step : path.split("\\.")) {
                int bracket = step.indexOf('[');
                n = n.path(bracket < 0 ? step : step.substring(0, bracket));
                if (bracket >= 0) {
                    n = n.path(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
                }
            }
            return n;
        }
    }
}
