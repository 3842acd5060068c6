package io.awsemu.core.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plain Jackson mapper (default settings) shared by every class that reads or writes JSON text.
 * Made on first use, not when a class that may need it loads: the first mapper of a JVM sets up
 * databind, ~15 ms of a cold start, and a fresh start has nothing to read before its first request.
 */
public final class Json {
    private Json() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Thread-safe; never reconfigure it. */
    public static ObjectMapper mapper() { return Holder.MAPPER; }
}
