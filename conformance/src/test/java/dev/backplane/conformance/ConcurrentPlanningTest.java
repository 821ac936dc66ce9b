package dev.backplane.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One {@link Backplane}, shared by many threads planning at once (as a manager would share it),
 * gives every domain the plan one thread gives it, on every architecture of the random corpus.
 */
class ConcurrentPlanningTest {
  private static final int THREADS = 8;
  private static final int DOMAINS_PER_ARCH = 40;

  @Test
  void manyThreadsOnOneInstancePlanAsOneThreadDoes() throws Exception {
    List<Domain> domains = new ArrayList<>();
    for (String arch : new String[] {"x86_64", "aarch64", "ppc64", "s390x", "i686"}) {
      try (Stream<Path> files = Files.list(Paths.get("corpus-random", arch))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".xml") && !f.toString().endsWith(".libvirt.xml"))
            .sorted().limit(DOMAINS_PER_ARCH).toList()) {
          domains.add(LibvirtXml.read(Files.readAllBytes(p), p.toString()).domain());
        }
      }
    }
    List<String> alone = new ArrayList<>();
    for (Domain d : domains) {
      alone.add(answer(Backplane.builder().build(), d)); // a fresh instance each: nothing shared
    }
    assertTrue(alone.stream().filter(a -> !a.startsWith("refused")).count() > domains.size() / 2,
        "most of the corpus is planned, not refused");

    Backplane shared = Backplane.builder().build(); // its description cache starts empty
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(t));
        Callable<List<String>> run = () -> {
          start.await();
          String[] answers = new String[domains.size()];
          for (int i : order) {
            answers[i] = answer(shared, domains.get(i));
          }
          return List.of(answers);
        };
        runs.add(pool.submit(run));
      }
      start.countDown();
      for (Future<List<String>> run : runs) {
        assertEquals(alone, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The plan as text, or the refusal: both must be the same from every thread. */
  private static String answer(Backplane backplane, Domain domain) {
    try {
      Plan plan = backplane.plan(new PlanTopologyCommand(domain));
      return plan.machine().name() + "\n" + LibvirtConformanceTest.summary(plan.devices())
          + "\n" + plan.devices().stream().map(d -> String.valueOf(d.qemuId())).toList();
    } catch (InvalidDomainException e) {
      return "refused " + e.getMessage();
    }
  }
}
