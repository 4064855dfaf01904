package dev.telematics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;

/** The API's OpenAPI 3 document (resource {@code openapi.yaml}), served as JSON at /api/openapi.json. */
final class OpenApiDocument {
    private OpenApiDocument() {
    }

    static JsonNode load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new EngineException(ErrorCode.CONFIG_INVALID, "resource openapi.yaml missing from the jar");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot read openapi.yaml: " + e.getMessage(), e);
        }
    }
}
