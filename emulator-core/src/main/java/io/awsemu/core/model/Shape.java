package io.awsemu.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One named shape of a botocore model. A single class with a {@link Type} rather than a hierarchy:
 * the codecs switch on the type anyway, and a flat class keeps loading the 3 MB EC2 model cheap.
 */
public final class Shape {
    public enum Type { STRUCTURE, LIST, MAP, STRING, INTEGER, LONG, BOOLEAN, DOUBLE, FLOAT, TIMESTAMP, BLOB, BIGDECIMAL }

    final String name;
    final Type type;
    final Map<String, Member> members;      // structures, in model order
    final Set<String> required;
    final Member member;                    // lists
    final Member key, value;                // maps
    final boolean flattened;
    final String locationName;
    final String xmlNamespace;
    final String timestampFormat;
    final String payload;
    final List<String> enumValues;
    final Long min, max;
    final boolean exception;
    final ErrorInfo error;                  // null unless the shape is an error with an "error" trait

    /** The "error" trait of an exception shape: code (null = the shape name), status and fault. */
    public record ErrorInfo(String code, int httpStatus, boolean senderFault) {}

    Shape(String name, Type type, Map<String, Member> members, Set<String> required, Member member,
          Member key, Member value, boolean flattened, String locationName, String xmlNamespace,
          String timestampFormat, String payload, List<String> enumValues, Long min, Long max,
          boolean exception, ErrorInfo error) {
        this.name = name;
        this.type = type;
        this.members = members == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(members));
        this.required = required == null ? Set.of() : Set.copyOf(required);
        this.member = member;
        this.key = key;
        this.value = value;
        this.flattened = flattened;
        this.locationName = locationName;
        this.xmlNamespace = xmlNamespace;
        this.timestampFormat = timestampFormat;
        this.payload = payload;
        this.enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        this.min = min;
        this.max = max;
        this.exception = exception;
        this.error = error;
    }

    public String name() { return name; }
    public Type type() { return type; }
    public boolean isStructure() { return type == Type.STRUCTURE; }
    public boolean isList() { return type == Type.LIST; }
    public boolean isMap() { return type == Type.MAP; }
    public boolean isScalar() { return type != Type.STRUCTURE && type != Type.LIST && type != Type.MAP; }
    /** Structure members by model member name, in model order. */
    public Map<String, Member> members() { return members; }
    public Member member(String memberName) { return members.get(memberName); }
    public Set<String> required() { return required; }
    /** The element of a list. */
    public Member listMember() { return member; }
    public Member mapKey() { return key; }
    public Member mapValue() { return value; }
    public boolean flattened() { return flattened; }
    public String locationName() { return locationName; }
    public String xmlNamespace() { return xmlNamespace; }
    public String timestampFormat() { return timestampFormat; }
    /** The member bound to the HTTP payload (REST protocols), or null. */
    public String payload() { return payload; }
    public List<String> enumValues() { return enumValues; }
    public Long min() { return min; }
    public Long max() { return max; }
    public boolean exception() { return exception; }
    public ErrorInfo error() { return error; }

    @Override
    public String toString() { return name + "(" + type + ")"; }
}
