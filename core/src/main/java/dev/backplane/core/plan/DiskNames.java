package dev.backplane.core.plan;

/** libvirt's disk names: {@code vda}, {@code sdb}, {@code hdc}, {@code sdaa}... */
final class DiskNames {
  private static final String[] PREFIXES = {"fd", "hd", "vd", "sd", "xvd", "ubd"};

  private DiskNames() {}

  /** The index a name stands for ({@code a} = 0, {@code z} = 25, {@code aa} = 26), or -1. */
  static int index(String name) {
    if (name == null) {
      return -1;
    }
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        int idx = 0;
        for (int i = prefix.length(); i < name.length(); i++) {
          char c = name.charAt(i);
          if (c < 'a' || c > 'z') {
            return -1;
          }
          idx = (idx + (i == prefix.length() ? 0 : 1)) * 26 + (c - 'a');
        }
        return idx;
      }
    }
    return -1;
  }

  /** The bus a target name implies when {@code <target bus>} is missing. */
  static String busFor(String name, String deviceType) {
    if ("floppy".equals(deviceType) || (name != null && name.startsWith("fd"))) {
      return "fdc";
    }
    if (name == null) {
      return null;
    }
    if (name.startsWith("hd")) {
      return "ide";
    }
    if (name.startsWith("sd")) {
      return "scsi";
    }
    if (name.startsWith("vd")) {
      return "virtio";
    }
    if (name.startsWith("xvd")) {
      return "xen";
    }
    if (name.startsWith("ubd")) {
      return "uml";
    }
    if (name.startsWith("nvme")) {
      return "nvme";
    }
    return null;
  }
}
