package dev.backplane.adapters.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The launcher's training run, not a command: plans a domain in each output format that loads
 * classes of its own (the domain XML, JSON through Jackson, QEMU arguments), in one process, so
 * that the class-data sharing archive (JDK 17 to 23) or the ahead-of-time cache (JDK 24 and
 * later, which takes a single training process) holds what every format needs.
 *
 * <p>{@code java -cp backplane.jar dev.backplane.adapters.cli.Training DOMAIN.xml}; exits with the
 * first failing plan's code.
 */
public final class Training {
  private static final String[] FORMATS = {"libvirt", "json", "qemu-args"};

  private Training() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: Training DOMAIN.xml");
      System.exit(ExitCodes.USAGE);
    }
    int code = train(args[0], System.err);
    if (code != ExitCodes.OK) {
      System.exit(code);
    }
  }

  /** Plans {@code domain} in each format, output discarded; the first failing plan's code, or 0. */
  static int train(String domain, PrintStream stderr) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    for (String format : FORMATS) {
      int code = Main.run(new String[] {"plan", "--format", format, domain},
          InputStream.nullInputStream(), discard, stderr);
      if (code != ExitCodes.OK) {
        return code;
      }
    }
    return ExitCodes.OK;
  }
}
