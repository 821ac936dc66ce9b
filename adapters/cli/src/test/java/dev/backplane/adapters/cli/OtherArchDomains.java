package dev.backplane.adapters.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random domains for aarch64 {@code virt}, ppc64 {@code pseries} and s390x {@code s390-ccw-virtio}
 * made of devices QEMU 7.2 builds there with null backends, so that {@code verify} can check every
 * one of them: virtio NICs, disks, RNGs, serial channels and inputs everywhere; e1000e, SCSI
 * disks, USB tablets, virtio video and explicit root ports on virt; spapr-vlan and e1000 NICs,
 * ibmvscsi disks, USB tablets, vga, spapr-vty serials and NVRAM on pseries (enough devices to
 * need a second host bridge); SCSI disks, zPCI disks and user devnos on s390x. libvirt's rules are
 * kept: one video, one NVRAM, one memballoon.
 */
final class OtherArchDomains {
  private static final int MAX_DEVICES = 60;

  private OtherArchDomains() {}

  static String generate(String arch, Random random) {
    List<String> devices = new ArrayList<>();
    int count = 1 + random.nextInt(MAX_DEVICES);
    int vd = 0;
    int sd = 0;
    int channels = 0;
    int pciIndex = 1;
    int devno = 0x100;
    boolean video = false;
    boolean nvram = false;
    boolean usb = false;
    boolean serialController = false;
    for (int i = 0; i < count; i++) {
      int pick = random.nextInt(8);
      switch (pick) {
        case 0 -> devices.add(nic("virtio"));
        case 1 -> devices.add(disk("vd" + letters(vd++), "virtio", ""));
        case 2 -> devices.add("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>");
        case 3 -> {
          if (!serialController) {
            devices.add("<controller type='virtio-serial'/>");
            serialController = true;
          }
          devices.add("<channel type='pty'><target type='virtio' name='dev.backplane.c" + channels++
              + "'/></channel>");
        }
        case 4 -> devices.add("<input type='keyboard' bus='virtio'/>");
        default -> {
          switch (arch) {
            case "aarch64" -> {
              switch (random.nextInt(5)) {
                case 0 -> devices.add(nic("e1000e"));
                case 1 -> {
                  if (sd < 7) {
                    devices.add(disk("sd" + letters(sd++), "scsi", ""));
                  } else {
                    devices.add(nic("virtio"));
                  }
                }
                case 2 -> {
                  if (!usb) {
                    devices.add("<controller type='usb' model='qemu-xhci'/>");
                    usb = true;
                  }
                  devices.add("<input type='tablet' bus='usb'/>");
                }
                case 3 -> {
                  devices.add(video ? nic("virtio") : "<video><model type='virtio'/></video>");
                  video = true;
                }
                default -> devices.add("<controller type='pci' index='" + pciIndex++
                    + "' model='pcie-root-port'/>");
              }
            }
            case "ppc64" -> {
              switch (random.nextInt(6)) {
                case 0 -> devices.add(nic("spapr-vlan"));
                case 1 -> devices.add(nic("e1000"));
                case 2 -> {
                  if (sd < 7) {
                    devices.add(disk("sd" + letters(sd++), "scsi", ""));
                  } else {
                    devices.add(nic("virtio"));
                  }
                }
                case 3 -> devices.add("<input type='tablet' bus='usb'/>");
                case 4 -> devices.add("<serial type='pty'/>");
                default -> {
                  if (!video) {
                    devices.add("<video><model type='vga'/></video>");
                    video = true;
                  } else if (!nvram) {
                    devices.add("<nvram/>");
                    nvram = true;
                  } else {
                    devices.add(nic("virtio"));
                  }
                }
              }
            }
            default -> { // s390x
              switch (random.nextInt(3)) {
                case 0 -> devices.add(sd < 7 ? disk("sd" + letters(sd++), "scsi", "") : nic("virtio"));
                case 1 -> devices.add(disk("vd" + letters(vd++), "virtio", "<address type='pci'/>"));
                default -> devices.add(disk("vd" + letters(vd++), "virtio",
                    String.format("<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x%04x'/>", devno++)));
              }
            }
          }
        }
      }
    }
    String machine = switch (arch) {
      case "aarch64" -> "virt";
      case "ppc64" -> "pseries";
      default -> "s390-ccw-virtio";
    };
    StringBuilder xml = new StringBuilder("<domain type='qemu'>\n  <name>random-" + machine
        + "</name>\n  <memory unit='MiB'>512</memory>\n  <vcpu>1</vcpu>\n  <os><type arch='" + arch
        + "' machine='" + machine + "'>hvm</type></os>\n  <devices>\n");
    devices.forEach(d -> xml.append("    ").append(d).append('\n'));
    return xml.append("  </devices>\n</domain>\n").toString();
  }

  private static String nic(String model) {
    return "<interface type='user'><model type='" + model + "'/></interface>";
  }

  private static String disk(String target, String bus, String address) {
    return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/images/"
        + target + ".img'/><target dev='" + target + "' bus='" + bus + "'/>" + address + "</disk>";
  }

  /** libvirt's disk suffixes: a..z, aa..zz. */
  private static String letters(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index))
        : letters(index / 26 - 1) + (char) ('a' + index % 26);
  }
}
