package dev.telematics.vehicle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@link VehicleSnapshot} to bytes and back (docs/state.md). Writes format 2, compact binary
 * ({@link SnapshotFormat2}); reads format 2 and format 1, the gzip-compressed JSON of earlier versions
 * ({@link SnapshotFormat1}), told apart by their first bytes.
 *
 * <p>Thread-safe (no state but the mapper, which is).
 */
public final class VehicleSnapshotCodec {
    private static final int GZIP_0 = 0x1f;
    private static final int GZIP_1 = 0x8b;
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // format 1 histories are mostly doubles
            .build()).build();
    private final SnapshotFormat1 format1 = new SnapshotFormat1(mapper);
    private final SnapshotFormat2 format2 = new SnapshotFormat2(mapper);

    /** The snapshot in format {@link VehicleSnapshot#FORMAT}, whatever format it was read from. */
    public byte[] encode(VehicleSnapshot s) {
        return format2.write(s);
    }

    /**
     * Reads a snapshot of format 1 or 2; anything that is not one of ours (neither format, truncated,
     * corrupt, counts larger than the record, a newer format) is refused with an
     * {@link IllegalArgumentException} naming what is wrong, before it could allocate much.
     */
    public VehicleSnapshot decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == GZIP_0 && (bytes[1] & 0xFF) == GZIP_1) {
            return format1.read(bytes);
        }
        if (!SnapshotEnvelope.looksLikeOurs(bytes)) {
            throw new IllegalArgumentException("unreadable vehicle snapshot: neither format 1 (gzip) nor format 2 ("
                    + bytes.length + " bytes)");
        }
        return format2.read(bytes);
    }
}
