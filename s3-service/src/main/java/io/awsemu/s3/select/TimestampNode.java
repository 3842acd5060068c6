package io.awsemu.s3.select;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;

import java.io.IOException;
import java.time.OffsetDateTime;

/**
 * A TIMESTAMP inside a record read from a typed format (a Parquet DATE, TIMESTAMP or INT96 column). JSON has no such
 * type, so as JSON (a struct printed whole, a row's JSON output) it is the text {@code CAST(... AS STRING)} gives;
 * to the SQL it is a TIMESTAMP ({@link Values#fromJson}).
 */
public final class TimestampNode extends ValueNode {
    private static final long serialVersionUID = 1L;

    private final OffsetDateTime value;

    public TimestampNode(OffsetDateTime value) {
        this.value = value;
    }

    public OffsetDateTime timestamp() {
        return value;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_STRING;
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.POJO;
    }

    @Override
    public String asText() {
        return Values.formatTimestamp(value);
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeString(asText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimestampNode t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
