package dev.backplane.spi.support;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.Stable;
import java.util.List;

/**
 * A plugin served entirely by a {@link MachineTable}, limited to some of its families. Subclass
 * it, pass the id, table and families, and register the subclass with AutoService; override
 * {@link #describe} only for what the table cannot say.
 */
@Stable
public abstract class TableMachinePlugin implements MachinePlugin {
  private final String id;
  private final MachineTable table;
  private final List<String> families;
  private final List<MachineType> types;

  protected TableMachinePlugin(String id, MachineTable table, List<String> families) {
    this.id = id;
    this.table = table;
    this.families = List.copyOf(families);
    this.types = table.machineTypes(this.families);
    if (types.isEmpty()) {
      throw new IllegalStateException(
          "plugin " + id + ": table has no machine types of families " + families);
    }
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public List<MachineType> machineTypes() {
    return types;
  }

  @Override
  public MachineDescription describe(MachineRequest request) {
    return table.describe(request);
  }
}
