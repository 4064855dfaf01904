package dev.telematics.cases;

import dev.telematics.dtc.KnowledgeEntry;
import java.util.List;
import java.util.Objects;

/** A remote technician of the service center and the skills they can diagnose (knowledge-base skill names). */
public record Technician(String id, String name, List<String> skills) {
    public Technician {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,49}")) {
            throw new IllegalArgumentException("technician id '" + id + "' must be 1-50 of a-z, 0-9, '.', '_', '-'");
        }
        name = name == null || name.isBlank() ? id : name;
        skills = List.copyOf(skills);
        for (String s : skills) {
            if (!KnowledgeEntry.SKILLS.contains(s)) {
                throw new IllegalArgumentException("technician " + id + ": unknown skill '" + s + "' (known: "
                        + KnowledgeEntry.SKILLS + ")");
            }
        }
    }

    public boolean has(String skill) {
        return skill == null || skills.contains(skill);
    }
}
