package bi.ingest.streamload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A Stream Load body held as chunks of {@link BodyChunks#SIZE} bytes rather than one array: a batch's body of tens of
 * megabytes never needs one contiguous array (which G1 allocates as "humongous", outside the young generation), is
 * never copied to grow, and its chunks go back to {@link BodyChunks} for the next batch once it is loaded.
 */
public final class LoadBody {

    private final List<byte[]> chunks;
    private final int[] lengths;
    private final long length;
    /** Whether the chunks came from {@link BodyChunks} and go back there; a caller's array never does. */
    private final boolean pooled;
    /** How StarRocks is to read the bytes: {@code format} and its companions ({@code strip_outer_array}, {@code columns}...). */
    private final Map<String, String> formatHeaders;
    private boolean released;

    /**
     * A body of chunks taken from {@link BodyChunks}.
     * @param lengths bytes used of each chunk
     * @param formatHeaders the Stream Load headers that say how to read it
     */
    public LoadBody(List<byte[]> chunks, int[] lengths, Map<String, String> formatHeaders) {
        this(chunks, lengths, true, formatHeaders);
    }

    private LoadBody(List<byte[]> chunks, int[] lengths, boolean pooled, Map<String, String> formatHeaders) {
        this.pooled = pooled;
        this.formatHeaders = Map.copyOf(formatHeaders);
        this.chunks = List.copyOf(chunks);
        this.lengths = lengths.clone();
        long total = 0;
        for (int n : lengths) {
            total += n;
        }
        this.length = total;
    }

    /** A JSON array of rows, e.g. {@code [{"id":1},{"id":2}]}. */
    public static LoadBody ofJsonArray(byte[] bytes) {
        return new LoadBody(List.of(bytes), new int[] {bytes.length}, false, JSON_ARRAY);
    }

    /** The Stream Load headers of a JSON array body. */
    public static final Map<String, String> JSON_ARRAY = Map.of("format", "json", "strip_outer_array", "true");

    public Map<String, String> formatHeaders() {
        return formatHeaders;
    }

    public long length() {
        return length;
    }

    /** The whole body as one array (tests, diagnostics). */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        try {
            write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }

    /** A repeatable entity with a Content-Length, as a 307 from the FE to a BE needs the body sent again. */
    public AbstractHttpEntity entity() {
        return new AbstractHttpEntity("json".equals(formatHeaders.get("format")) ? ContentType.APPLICATION_JSON : ContentType.TEXT_PLAIN, null) {
            @Override
            public InputStream getContent() {
                checkLive();
                List<InputStream> parts = new ArrayList<>(chunks.size());
                for (int i = 0; i < chunks.size(); i++) {
                    parts.add(new java.io.ByteArrayInputStream(chunks.get(i), 0, lengths[i]));
                }
                return new SequenceInputStream(Collections.enumeration(parts));
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(out);
                out.flush();
            }

            @Override
            public long getContentLength() {
                return length;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public boolean isStreaming() {
                return false;
            }

            @Override
            public void close() {
                // nothing to close: the chunks are released by the load path once the batch is committed
            }
        };
    }

    /** Hands the chunks back to {@link BodyChunks}; the body must not be sent after this. */
    public synchronized void release() {
        if (!released) {
            released = true;
            if (pooled) {
                chunks.forEach(BodyChunks::release);
            }
        }
    }

    private void write(OutputStream out) throws IOException {
        checkLive();
        for (int i = 0; i < chunks.size(); i++) {
            out.write(chunks.get(i), 0, lengths[i]);
        }
    }

    private synchronized void checkLive() {
        if (released) {
            throw new IllegalStateException("this Stream Load body was released for reuse; it cannot be sent again");
        }
    }
}
