package io.awsemu.core.storage.meta;

/** A metadata database failure (wraps {@link java.sql.SQLException}); an internal error to clients. */
public class MetadataException extends RuntimeException {
    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetadataException(String message) {
        super(message);
    }

    /** The SQLSTATE of the wrapped SQLException, or null: lets a store map e.g. a unique violation (23505). */
    public String sqlState() {
        return getCause() instanceof java.sql.SQLException s ? s.getSQLState() : null;
    }
}
