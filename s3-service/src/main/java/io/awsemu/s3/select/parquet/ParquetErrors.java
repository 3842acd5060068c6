package io.awsemu.s3.select.parquet;

import io.awsemu.s3.select.SelectException;

/** S3 Select's Parquet errors, named after their codes; the S3 message is fixed, the detail is for logs and tests. */
final class ParquetErrors {
    /** Keeps what was wrong with the file (S3's message never says) without a stack trace. */
    static final class ParquetException extends SelectException {
        final String detail;

        ParquetException(String code, String message, String detail) {
            super(code, message);
            this.detail = detail;
        }

        @Override
        public String toString() {
            return super.toString() + " [" + detail + "]";
        }
    }

    private ParquetErrors() {}

    static ParquetException parquetParsingError(String detail) {
        return new ParquetException("ParquetParsingError",
                "An error occurred while parsing the Parquet file. Check the file and try again.", detail);
    }

    static ParquetException parquetUnsupportedCompressionCodec(String codec) {
        return new ParquetException("ParquetUnsupportedCompressionCodec",
                "The specified Parquet compression codec is not supported.", codec);
    }

    static ParquetException unsupportedParquetType(String what) {
        return new ParquetException("UnsupportedParquetType", "The specified Parquet type is not supported.", what);
    }

    static ParquetException overMaxParquetBlockSize(long size) {
        return overMaxParquetBlockSize("row group of " + size + " bytes");
    }

    static ParquetException overMaxParquetBlockSize(String detail) {
        return new ParquetException("OverMaxParquetBlockSize", "The Parquet file is above the max row group size.", detail);
    }
}
