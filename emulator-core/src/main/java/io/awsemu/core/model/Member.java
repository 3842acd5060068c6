package io.awsemu.core.model;

/**
 * A reference to a shape from a structure member, a list element or a map key/value, with the
 * serialization traits set at the reference (which win over the target shape's own).
 */
public final class Member {
    /** Where a REST member lives on the wire; BODY for everything else. */
    public enum Location { BODY, URI, QUERYSTRING, HEADER, HEADERS, STATUS_CODE }

    final String name;
    final String shapeName;
    Shape shape;                             // resolved after every shape is read
    final String locationName;
    final Location location;
    final String queryName;
    final boolean flattened;
    final String xmlNamespace;
    final boolean xmlAttribute;
    final String timestampFormat;
    final boolean idempotencyToken;

    Member(String name, String shapeName, String locationName, Location location, String queryName,
           boolean flattened, String xmlNamespace, boolean xmlAttribute, String timestampFormat,
           boolean idempotencyToken) {
        this.name = name;
        this.shapeName = shapeName;
        this.locationName = locationName;
        this.location = location == null ? Location.BODY : location;
        this.queryName = queryName;
        this.flattened = flattened;
        this.xmlNamespace = xmlNamespace;
        this.xmlAttribute = xmlAttribute;
        this.timestampFormat = timestampFormat;
        this.idempotencyToken = idempotencyToken;
    }

    /** The model member name (the canonical tree key); null for list elements and map keys/values. */
    public String name() { return name; }
    public Shape shape() { return shape; }
    /** locationName set on this reference, else null (see {@link #wireName(String)}). */
    public String locationName() { return locationName; }
    public Location location() { return location; }
    public String queryName() { return queryName; }
    /** Flattened on the reference or on the target shape. */
    public boolean flattened() { return flattened || shape.flattened; }
    /** xmlNamespace uri on the reference, else on the shape, else null. */
    public String xmlNamespace() { return xmlNamespace != null ? xmlNamespace : shape.xmlNamespace; }
    public boolean xmlAttribute() { return xmlAttribute; }
    /** timestampFormat on the reference, else on the shape, else null (the protocol default). */
    public String timestampFormat() { return timestampFormat != null ? timestampFormat : shape.timestampFormat; }
    public boolean idempotencyToken() { return idempotencyToken; }

    /** locationName of the reference, else of the shape, else {@code dflt}. */
    public String wireName(String dflt) {
        if (locationName != null) return locationName;
        if (shape.locationName != null) return shape.locationName;
        return dflt;
    }

    @Override
    public String toString() { return (name == null ? "" : name + ":") + shapeName; }
}
