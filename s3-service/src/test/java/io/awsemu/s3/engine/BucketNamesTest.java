package io.awsemu.s3.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "abc", "a-b", "a.b", "my-bucket", "my.bucket.name", "1bucket", "bucket1", "123",
            "a1-2.b3", "xn-bucket", "sthree", "bucket-s3alias-not", "ol-s3-bucket", "my--bucket",
            "a.-b", "192.168.5", "1.2.3.4.5",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123" // 63
    })
    void valid(String name) {
        assertTrue(BucketNames.isValid(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "ab", "a", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234", // 64
            "MyBucket", "my_bucket", "my bucket", "-bucket", "bucket-", ".bucket", "bucket.",
            "my..bucket", "192.168.5.4", "10.0.0.1", "xn--bucket", "sthree-bucket", "sthree-configurator",
            "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3",
            "bucket--table-s3", "bucket/name", "bücket", "bucket\n"
    })
    void invalid(String name) {
        assertFalse(BucketNames.isValid(name), name);
    }
}
