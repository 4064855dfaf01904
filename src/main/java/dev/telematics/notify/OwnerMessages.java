package dev.telematics.notify;

import dev.telematics.handoff.OwnerLanguage;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The words of owner warnings in each language: English from the rules and the knowledge base (with
 * built-in urgency words), other languages from {@code rules/owner-messages/*.yaml} (format version 1,
 * docs/owner-warnings.md). A rule without its own translation falls back to its knowledge-base system's
 * words, then to English. Immutable; thread-safe.
 */
public final class OwnerMessages {
    /** A warning's words in one language. */
    public record Words(String language, String title, String text, String urgencyLabel, String action, String quote) {
    }

    private record Pair(String title, String text) {
    }

    private record Language(Map<String, Pair> urgency, String quote, String reminder, Map<String, Pair> rules,
                            Map<String, Pair> systems) {
    }

    private static final Language ENGLISH = new Language(Map.of(
            "stop-safely", new Pair("Stop safely now", "Stop as soon as it is safe, switch the car off and do not "
                    + "drive on. Our service team has been alerted and will contact you."),
            "service-soon", new Pair("Service soon", "You can keep driving, but please have the car checked soon. "
                    + "Our service team will contact you to book it."),
            "information", new Pair("For your information", "Nothing to do now; we keep an eye on it remotely.")),
            "Quote case {case} when you contact us.", "Reminder: this problem is not solved yet.", Map.of(), Map.of());
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final Map<String, Language> languages;

    private OwnerMessages(Map<String, Language> languages) {
        this.languages = Map.copyOf(languages);
    }

    /** English only. */
    public static OwnerMessages english() {
        return new OwnerMessages(Map.of(OwnerLanguage.ENGLISH, ENGLISH));
    }

    /** English plus every language file in {@code rulesDir/owner-messages} (none when the folder is absent). */
    public static OwnerMessages load(Path rulesDir) {
        Map<String, Language> m = new HashMap<>();
        m.put(OwnerLanguage.ENGLISH, ENGLISH);
        Path dir = rulesDir.resolve("owner-messages");
        if (!Files.isDirectory(dir)) {
            return new OwnerMessages(m);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                Map.Entry<String, Language> lang = read(f);
                m.put(lang.getKey(), lang.getValue());
            }
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new OwnerMessages(m);
    }

    public List<String> languages() {
        return languages.keySet().stream().sorted().toList();
    }

    /**
     * The words of a warning for {@code firing} in {@code language} (English when null or not loaded);
     * {@code caseNumber} may be null; a reminder starts with the language's reminder sentence.
     */
    public Words render(String language, RuleFiring firing, String caseNumber, boolean reminder) {
        String used = language != null && languages.containsKey(language) ? language : OwnerLanguage.ENGLISH;
        Language lang = languages.get(used);
        OwnerMessage owner = firing.rule().owner();
        String urgency = owner.urgencyFor(firing.rule().severity());
        Pair words = lang.rules().get(firing.rule().id());
        Object system = firing.trigger().get("system");
        if (words == null && system != null) { // a knowledge-base code: its system's words
            words = lang.systems().get(system.toString());
        }
        if (words == null || lang == ENGLISH) {
            words = new Pair(owner.title(), owner.text());
            used = lang == ENGLISH ? OwnerLanguage.ENGLISH : used;
        }
        Pair u = lang.urgency().getOrDefault(urgency, ENGLISH.urgency().get(urgency));
        String text = reminder ? lang.reminder() + " " + words.text() : words.text();
        return new Words(used, words.title(), text, u == null ? urgency : u.title(), u == null ? null : u.text(),
                caseNumber == null ? null : lang.quote().replace("{case}", caseNumber));
    }

    private static Map.Entry<String, Language> read(Path f) {
        String where = "owner messages '" + f + "': ";
        try {
            JsonNode root = YAML.readTree(Files.readString(f));
            if (root == null || root.path("version").asInt(-1) != 1) {
                throw new IllegalArgumentException("version: must be 1");
            }
            String tag = OwnerLanguage.normalise(root.path("language").asText(null));
            if (tag == null) {
                throw new IllegalArgumentException("language: must be one of " + OwnerLanguage.SUPPORTED);
            }
            Map<String, Pair> urgency = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("urgency").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!OwnerMessage.URGENCIES.contains(e.getKey())) {
                    throw new IllegalArgumentException("urgency." + e.getKey() + ": not one of " + OwnerMessage.URGENCIES);
                }
                urgency.put(e.getKey(), new Pair(need(e.getValue(), "label", "urgency." + e.getKey()),
                        need(e.getValue(), "action", "urgency." + e.getKey())));
            }
            String quote = need(root, "quote", "");
            if (!quote.contains("{case}")) {
                throw new IllegalArgumentException("quote: must contain {case}");
            }
            return Map.entry(tag, new Language(urgency, quote, need(root, "reminder", ""), pairs(root.path("rules"), "rules"),
                    pairs(root.path("systems"), "systems")));
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, where + e.getMessage(), e);
        }
    }

    private static Map<String, Pair> pairs(JsonNode node, String at) {
        Map<String, Pair> m = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), new Pair(need(e.getValue(), "title", at + "." + e.getKey()),
                    need(e.getValue(), "text", at + "." + e.getKey())));
        }
        return m;
    }

    private static String need(JsonNode n, String field, String at) {
        String v = n.path(field).asText(null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException((at.isEmpty() ? "" : at + ".") + field + ": missing");
        }
        return v;
    }
}
