package dev.telematics.service;

/** A WGS 84 position in degrees: latitude in [-90, 90], longitude in [-180, 180]. */
public record GeoPosition(double lat, double lon) {
    /** Mean earth radius (IUGG), the sphere the great-circle distance is measured on. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPosition {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("latitude " + lat + " is outside [-90, 90]");
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("longitude " + lon + " is outside [-180, 180]");
        }
    }

    /** Great-circle distance in kilometres (haversine). */
    public double distanceKm(GeoPosition other) {
        double p1 = Math.toRadians(lat);
        double p2 = Math.toRadians(other.lat);
        double dp = p2 - p1;
        double dl = Math.toRadians(other.lon - lon);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
