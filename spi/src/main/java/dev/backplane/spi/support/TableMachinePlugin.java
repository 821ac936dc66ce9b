package dev.backplane.spi.support;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.Stable;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A plugin served entirely by a {@link MachineTable}, limited to some of its families. Subclass
 * it, pass the id, table and families, and register the subclass with AutoService; override
 * {@link #describe} only for what the table cannot say.
 *
 * <p>Given its architecture and a table supplier, the plugin reads its table only when a request
 * of that architecture reaches it, so a process that plans an x86_64 domain never reads the
 * tables of other architectures, and one that prints its version reads none.
 */
@Stable
public abstract class TableMachinePlugin implements MachinePlugin {
  private final String id;
  private final String arch;
  private final Supplier<MachineTable> tableSupplier;
  private final Predicate<String> families;
  private final String familiesText;
  private volatile Loaded loaded;

  private record Loaded(MachineTable table, List<MachineType> types) {}

  /**
   * A plugin whose table is read already.
   *
   * @param id the plugin id, lower-case and stable
   * @param table the table the plugin describes machines from
   * @param families the table families this plugin serves
   */
  protected TableMachinePlugin(String id, MachineTable table, List<String> families) {
    this(id, table.arch(), () -> table, families);
    loaded();
  }

  /**
   * A plugin whose table is read on first use. {@code table} is called at most once per plugin
   * instance that needs it; share the table between plugins with a holder class.
   *
   * @param id the plugin id, lower-case and stable
   * @param table the table, read on first use
   * @param families the table families this plugin serves
   * @param arch the architecture of every machine type in the table
   */
  protected TableMachinePlugin(String id, String arch, Supplier<MachineTable> table,
      List<String> families) {
    this(id, arch, table, families.isEmpty() ? f -> true : List.copyOf(families)::contains,
        families.isEmpty() ? "(all)" : families.toString());
  }

  /**
   * A plugin whose table is read on first use, serving the families {@code families} accepts,
   * such as every family of a binary's table but the one another plugin serves.
   *
   * @param id the plugin id, lower-case and stable
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   * @param table the table, read on first use
   * @param families which of the table's families this plugin serves
   * @param familiesText the families in words, for error messages
   */
  protected TableMachinePlugin(String id, String arch, Supplier<MachineTable> table,
      Predicate<String> families, String familiesText) {
    this.id = id;
    this.arch = arch;
    this.tableSupplier = table;
    this.families = families;
    this.familiesText = familiesText;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public List<MachineType> machineTypes() {
    return loaded().types();
  }

  /** The architecture given to the constructor, without reading the table. */
  @Override
  public Set<String> architectures() {
    return Set.of(arch);
  }

  /** Requests of other architectures are refused without reading the table. */
  @Override
  public boolean handles(MachineRequest request) {
    return arch.equals(request.arch()) && MachinePlugin.super.handles(request);
  }

  @Override
  public MachineDescription describe(MachineRequest request) {
    return loaded().table().describe(request);
  }

  /**
   * {@return the plugin's table (read now if it was not yet), for tables that extend its families}
   */
  public final MachineTable table() {
    return loaded().table();
  }

  /** The table's device catalog, for {@code arch} the table's own. */
  @Override
  public java.util.Optional<dev.backplane.spi.DeviceCatalog> devices(String arch) {
    if (!this.arch.equals(arch)) {
      return java.util.Optional.empty();
    }
    dev.backplane.spi.DeviceCatalog catalog = loaded().table().devices();
    return catalog.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(catalog);
  }

  private Loaded loaded() {
    Loaded current = loaded;
    if (current == null) {
      synchronized (this) {
        current = loaded;
        if (current == null) {
          current = load();
          loaded = current;
        }
      }
    }
    return current;
  }

  private Loaded load() {
    MachineTable table = tableSupplier.get();
    if (!table.arch().equals(arch)) {
      throw new IllegalStateException(
          "plugin " + id + ": table is for " + table.arch() + ", the plugin says " + arch);
    }
    List<MachineType> types = table.machineTypes(families);
    if (types.isEmpty()) {
      throw new IllegalStateException(
          "plugin " + id + ": table has no machine types of families " + familiesText);
    }
    return new Loaded(table, types);
  }
}
