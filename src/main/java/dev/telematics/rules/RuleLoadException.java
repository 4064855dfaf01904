package dev.telematics.rules;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.util.List;

/** Rules files that cannot be loaded; the message lists every problem as "file:line: problem". */
public final class RuleLoadException extends EngineException {
    private final List<String> problems;

    public RuleLoadException(List<String> problems) {
        super(ErrorCode.RULE_INVALID, "invalid rules:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
