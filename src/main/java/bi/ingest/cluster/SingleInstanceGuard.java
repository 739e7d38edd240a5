package bi.ingest.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * With an H2 file as the state store, one instance only: the instance holds an OS file lock next to the database
 * file, and a second instance started on the same file refuses to start. (H2's own AUTO_SERVER mode would let a
 * second process in, with none of the row locks several instances rely on being shared with a server you run.)
 * The OS releases the lock when the process ends, however it ends.
 */
public final class SingleInstanceGuard implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private SingleInstanceGuard(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the H2 file database of {@code jdbcUrl}; no lock for other databases (PostgreSQL) or in-memory H2. */
    public static SingleInstanceGuard forDatabase(String jdbcUrl) {
        Path file = h2File(jdbcUrl);
        if (file == null) {
            return new SingleInstanceGuard(null, null);
        }
        Path lockFile = Path.of(file + ".instance.lock");
        try {
            if (lockFile.getParent() != null) {
                Files.createDirectories(lockFile.getParent());
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(); // null: another process holds it
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // this process holds it already (a second application context)
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another bi-ingest instance uses the H2 state store " + file
                        + ". H2 serves one instance; to run more than one, give them a shared PostgreSQL state store "
                        + "(spring.datasource.url=jdbc:postgresql://..., see README, Running several instances).");
            }
            return new SingleInstanceGuard(channel, lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** The database file path of an H2 file URL ({@code jdbc:h2:file:./data/x;...} or {@code jdbc:h2:./data/x}), else null. */
    static Path h2File(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
            return null;
        }
        String path = name.startsWith("file:") ? name.substring("file:".length()) : name;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1); // as H2 reads it
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            channel.close();
        }
    }
}
