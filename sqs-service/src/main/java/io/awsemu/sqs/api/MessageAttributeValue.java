package io.awsemu.sqs.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The model shape {@code MessageAttributeValue}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageAttributeValue(
        @JsonProperty("StringValue") String stringValue,
        @JsonProperty("BinaryValue") byte[] binaryValue,
        @JsonProperty("StringListValues") List<String> stringListValues,
        @JsonProperty("BinaryListValues") List<byte[]> binaryListValues,
        @JsonProperty("DataType") String dataType) {}
