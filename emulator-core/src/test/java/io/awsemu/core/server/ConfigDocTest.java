package io.awsemu.core.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docs/configuration.md lists every setting with its variable and default; settings parse as documented. */
class ConfigDocTest {
    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> missing = new ArrayList<>();
        for (EmulatorConfig.Key k : EmulatorConfig.Key.values()) {
            String row = "| `" + k.property() + "` | `" + k.envVar() + "` | `" + k.defaultValue + "` | " + k.description + " |";
            if (!doc.contains(row)) missing.add(row);
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void settingsParseAndBadValuesAreReported() {
        EmulatorConfig c = EmulatorConfig.of(Map.of("dataDir", "~/x", "services", "S3, simpledb,sqs", "port", "1234"));
        assertEquals(Path.of(System.getProperty("user.home"), "x"), c.dataDir());
        assertEquals(List.of("s3", "sdb", "sqs"), List.copyOf(c.services()));
        assertEquals(1234, c.port());
        assertEquals("AWSEMU_DATA_DIR", EmulatorConfig.Key.DATA_DIR.envVar());
        assertEquals("AWSEMU_S3_LIFECYCLE_SWEEP_MINUTES", EmulatorConfig.Key.S3_LIFECYCLE_SWEEP_MINUTES.envVar());
        assertEquals(5, EmulatorConfig.of(Map.of("s3.lifecycleSweepMinutes", "5"))
                .getLong(EmulatorConfig.Key.S3_LIFECYCLE_SWEEP_MINUTES));
        assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.of(Map.of("port", "lots")).port());
        assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.of(Map.of("nope", "1")));
        assertEquals("test:***:000000000000", EmulatorConfig.of(Map.of()).effective().get("credentials"));
    }
}
