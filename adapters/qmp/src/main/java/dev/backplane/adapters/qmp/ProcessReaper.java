package dev.backplane.adapters.qmp;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops QEMU processes, and keeps the live ones in a registry that one JVM shutdown hook empties,
 * so that no QEMU outlives the JVM that started it (unless the JVM itself is SIGKILLed).
 */
final class ProcessReaper {
  /** This JVM's registry, emptied by its shutdown hook. */
  private static final ProcessReaper JVM = new ProcessReaper();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(JVM::reapAll, "qemu-reaper"));
  }

  private final Map<Process, Path> live = new ConcurrentHashMap<>();
  /** Set when reaping starts; guarded by {@code this}, as is every registration. */
  private boolean reaping;

  ProcessReaper() {}

  static void register(Process process, Path directory) {
    JVM.add(process, directory);
  }

  /**
   * Keeps {@code process} until it is stopped; once reaping has begun (the JVM is exiting while a
   * worker was still starting QEMU), stops it at once, so that it cannot outlive the JVM.
   */
  void add(Process process, Path directory) {
    synchronized (this) {
      if (!reaping) {
        live.put(process, directory);
        return;
      }
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    deleteTree(directory);
  }

  /**
   * Stops {@code process}: waits {@code grace} for it to exit on its own when {@code exiting}
   * (it was told to quit), then SIGTERM and {@code grace} again, then SIGKILL. Its descendants
   * are killed too, and its directory is deleted.
   */
  static void stop(Process process, boolean exiting, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    boolean interrupted = false;
    try {
      if (!(exiting && process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS))) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    } finally {
      descendants.forEach(ProcessHandle::destroyForcibly);
      Path directory = JVM.live.remove(process);
      if (directory != null) {
        deleteTree(directory);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops every registered process and every one registered from now on. */
  void reapAll() {
    synchronized (this) {
      reaping = true;
    }
    live.forEach((process, directory) -> {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    });
    live.forEach((process, directory) -> {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deleteTree(directory);
    });
    live.clear();
  }

  static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing the caller for
    }
  }
}
