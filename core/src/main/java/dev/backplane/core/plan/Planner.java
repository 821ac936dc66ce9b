package dev.backplane.core.plan;

import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.MachineDescription;

/** Plans one domain on one machine (work in progress). */
public final class Planner {
  private final MachineDescription machine;

  public Planner(MachineDescription machine) {
    this.machine = machine;
  }

  public Plan plan(Domain domain) {
    return new Plan(machine.arch(), machine, domain.devices());
  }
}
