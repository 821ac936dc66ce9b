package dev.backplane.lambdaclasses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Turns each lambda and method reference of compiled classes into a class of its own, written
 * beside its class at build time, as {@code LambdaMetafactory} would spin it at run time.
 *
 * <p>Why: JDK 17 links a lambda the first time its expression runs, through method handles
 * interpreted cold: about 0.1 ms each even when a class-data sharing archive holds the class it
 * spins, and a cold {@code backplane plan} runs about 200 of them (a fifth of the process). A class
 * written at build time costs a tenth of that. JDK 24 and later resolve lambdas in their
 * ahead-of-time cache, so there this changes little (README, "Speed").
 *
 * <p>What: every {@code invokedynamic} bootstrapped by {@code LambdaMetafactory.metafactory} (the
 * ones javac writes for all lambdas but serializable ones and those whose interface needs bridges
 * or markers, which go through {@code altMetafactory} and are left alone) becomes a call of a
 * class {@code Host$$FnN}: a field per captured value, the interface method converting its
 * arguments and result as the metafactory does (casts, boxing, unboxing, widening) and calling the
 * implementation. A non-capturing lambda is one instance, as the metafactory makes it; a capturing
 * one a new instance per evaluation. The classes join their host's nest, so they call the host's
 * private {@code lambda$} methods as the JDK's own lambda classes do.
 *
 * <p>JDK 24 and later: their ahead-of-time cache links the lambdas javac wrote before the run, and
 * there the written classes only add class loading. So each class this tool changes is also kept
 * as javac wrote it under {@code META-INF/versions/24/}: in a jar whose manifest says
 * {@code Multi-Release: true} (as {@code backplane.jar}'s does), JDK 24 and later load those, and
 * JDK 17 to 23 the rewritten ones. A class directory on a class path (tests) is not multi-release:
 * there the rewritten classes run on every JDK.
 *
 * <p>Run on a class directory after each compilation ({@code process-classes}); a directory whose
 * classes have no such lambda left (already done) is not touched. Classes recompiled since get new
 * lambda classes, their stale ones (and kept originals no longer rewritten) are deleted first.
 */
public final class LambdaClasses {
  private static final String METAFACTORY_OWNER = "java/lang/invoke/LambdaMetafactory";
  private static final String METAFACTORY = "metafactory";
  /** The lambda classes this tool writes: {@code Host$$Fn1}, {@code Host$$Fn2}, ... */
  static final String SUFFIX = "$$Fn";
  private static final Pattern GENERATED = Pattern.compile(".*\\$\\$Fn\\d+\\.class");
  /** Where the classes as javac wrote them are kept, for JDK 24 and later. */
  static final String ORIGINALS = "META-INF/versions/24/";

  private LambdaClasses() {}

  /** {@code LambdaClasses DIR...}: rewrites the classes under each class directory. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: LambdaClasses CLASS-DIRECTORY...");
    }
    for (String dir : args) {
      Result result = rewrite(Path.of(dir));
      if (result.lambdas() > 0) {
        System.out.println("lambda-classes: " + result.lambdas() + " lambdas of " + result.hosts()
            + " classes in " + dir + " written as classes");
      }
    }
  }

  /** What one run did. */
  record Result(int hosts, int lambdas) {}

  /** Rewrites the classes under {@code classes}; a missing directory has nothing to rewrite. */
  static Result rewrite(Path classes) throws IOException {
    if (!Files.isDirectory(classes)) {
      return new Result(0, 0);
    }
    Map<String, ClassNode> nodes = new LinkedHashMap<>();
    List<Path> stale = new ArrayList<>();
    Path originals = classes.resolve(ORIGINALS);
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.startsWith(originals)).toList()) {
        if (GENERATED.matcher(file.getFileName().toString()).matches()) {
          stale.add(file);
          continue;
        }
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(file)).accept(node, 0);
        nodes.put(node.name, node);
      }
    }
    Map<String, byte[]> generated = new LinkedHashMap<>();
    Map<String, ClassNode> changed = new LinkedHashMap<>(); // hosts and the nest hosts they join
    Set<String> hosts = new HashSet<>();
    for (ClassNode host : nodes.values()) {
      int count = 0;
      for (MethodNode method : host.methods) {
        for (AbstractInsnNode insn : method.instructions.toArray()) {
          if (insn instanceof InvokeDynamicInsnNode indy && isLambda(indy)) {
            String name = host.name + SUFFIX + (++count);
            generated.put(name, lambdaClass(host, name, indy));
            method.instructions.set(insn, creation(name, indy));
          }
        }
      }
      if (count > 0) {
        hosts.add(host.name);
        changed.put(host.name, host);
        String nestHost = nestHost(host);
        ClassNode nest = nodes.get(nestHost);
        if (nest == null) {
          throw new IllegalStateException("the nest host " + nestHost + " of " + host.name
              + " is not in " + classes);
        }
        for (int i = 1; i <= count; i++) {
          addNestMember(nest, host.name + SUFFIX + i);
        }
        changed.put(nest.name, nest);
      }
    }
    if (generated.isEmpty()) {
      pruneOriginals(classes);
      return new Result(0, 0); // nothing compiled since the last run: its classes stay as they are
    }
    for (Path file : stale) { // the lambda classes of classes compiled again
      String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '/');
      if (hosts.contains(name.substring(0, name.lastIndexOf(SUFFIX)))) {
        Files.delete(file);
      }
    }
    for (ClassNode node : changed.values()) {
      Path original = originals.resolve(node.name + ".class");
      Files.createDirectories(original.getParent());
      Files.copy(classes.resolve(node.name + ".class"), original, StandardCopyOption.REPLACE_EXISTING);
      ClassWriter writer = new ClassWriter(0); // same stack effect: frames and maxima stay valid
      node.accept(writer);
      write(classes, node.name, writer.toByteArray());
    }
    pruneOriginals(classes);
    for (Map.Entry<String, byte[]> lambda : generated.entrySet()) {
      write(classes, lambda.getKey(), lambda.getValue());
    }
    return new Result(hosts.size(), generated.size());
  }

  /**
   * Deletes the kept originals of classes that are gone or were compiled again without lambdas:
   * only a rewritten class names a lambda class of this tool.
   */
  private static void pruneOriginals(Path classes) throws IOException {
    Path originals = classes.resolve(ORIGINALS);
    if (!Files.isDirectory(originals)) {
      return;
    }
    try (Stream<Path> files = Files.walk(originals)) {
      for (Path original : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        Path current = classes.resolve(originals.relativize(original).toString());
        if (!Files.exists(current) || !names(Files.readAllBytes(current), SUFFIX)) {
          Files.delete(original);
        }
      }
    }
  }

  /** Whether the class file's constant pool holds {@code text} (ASCII) in some name. */
  private static boolean names(byte[] classFile, String text) {
    byte[] wanted = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + wanted.length <= classFile.length; i++) {
      for (int j = 0; j < wanted.length; j++) {
        if (classFile[i + j] != wanted[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void write(Path classes, String internalName, byte[] bytes) {
    try {
      Files.write(classes.resolve(internalName + ".class"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isLambda(InvokeDynamicInsnNode indy) {
    return indy.bsm.getOwner().equals(METAFACTORY_OWNER) && indy.bsm.getName().equals(METAFACTORY);
  }

  private static String nestHost(ClassNode node) {
    return node.nestHostClass != null ? node.nestHostClass : node.name;
  }

  private static void addNestMember(ClassNode nest, String member) {
    if (nest.nestMembers == null) {
      nest.nestMembers = new ArrayList<>();
    }
    if (!nest.nestMembers.contains(member)) {
      nest.nestMembers.add(member);
    }
  }

  /** What replaces the {@code invokedynamic}: the one instance, or a new one per evaluation. */
  private static AbstractInsnNode creation(String lambdaClass, InvokeDynamicInsnNode indy) {
    Type site = Type.getMethodType(indy.desc);
    return site.getArgumentTypes().length == 0
        ? new FieldInsnNode(Opcodes.GETSTATIC, lambdaClass, "INSTANCE", site.getReturnType().getDescriptor())
        : new MethodInsnNode(Opcodes.INVOKESTATIC, lambdaClass, "create", indy.desc, false);
  }

  /**
   * The class the metafactory would spin for {@code indy}: bootstrap arguments (erased interface
   * method type, implementation, instantiated method type), the call site's type (captured values
   * to the interface).
   */
  private static byte[] lambdaClass(ClassNode host, String name, InvokeDynamicInsnNode indy) {
    Type erased = (Type) indy.bsmArgs[0];
    Handle impl = (Handle) indy.bsmArgs[1];
    Type instantiated = (Type) indy.bsmArgs[2];
    Type site = Type.getMethodType(indy.desc);
    Type[] captured = site.getArgumentTypes();
    Type iface = site.getReturnType();

    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS); // straight-line code: no frames
    cw.visit(host.version, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, name, null,
        "java/lang/Object", new String[] {iface.getInternalName()});
    cw.visitNestHost(nestHost(host));
    for (int i = 0; i < captured.length; i++) {
      cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "arg" + i, captured[i].getDescriptor(), null, null)
          .visitEnd();
    }
    String constructor = Type.getMethodDescriptor(Type.VOID_TYPE, captured);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "<init>", constructor, null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    int slot = 1;
    for (int i = 0; i < captured.length; i++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitVarInsn(captured[i].getOpcode(Opcodes.ILOAD), slot);
      slot += captured[i].getSize();
      mv.visitFieldInsn(Opcodes.PUTFIELD, name, "arg" + i, captured[i].getDescriptor());
    }
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();

    if (captured.length == 0) {
      cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "INSTANCE", iface.getDescriptor(), null, null)
          .visitEnd();
      mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
      mv.visitCode();
      mv.visitTypeInsn(Opcodes.NEW, name);
      mv.visitInsn(Opcodes.DUP);
      mv.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", "()V", false);
      mv.visitFieldInsn(Opcodes.PUTSTATIC, name, "INSTANCE", iface.getDescriptor());
    } else {
      mv = cw.visitMethod(Opcodes.ACC_STATIC, "create", indy.desc, null, null);
      mv.visitCode();
      mv.visitTypeInsn(Opcodes.NEW, name);
      mv.visitInsn(Opcodes.DUP);
      slot = 0;
      for (Type type : captured) {
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
        slot += type.getSize();
      }
      mv.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", constructor, false);
    }
    mv.visitInsn(captured.length == 0 ? Opcodes.RETURN : Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();

    interfaceMethod(cw.visitMethod(Opcodes.ACC_PUBLIC, indy.name, erased.getDescriptor(), null, null),
        name, captured, erased, impl, instantiated);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** The interface method: captured values, then its own arguments, passed on to {@code impl}. */
  private static void interfaceMethod(MethodVisitor mv, String name, Type[] captured, Type erased,
      Handle impl, Type instantiated) {
    mv.visitCode();
    Type implType = Type.getMethodType(impl.getDesc());
    List<Type> implArgs = new ArrayList<>();
    int tag = impl.getTag();
    if (tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE || tag == Opcodes.H_INVOKESPECIAL) {
      implArgs.add(Type.getObjectType(impl.getOwner())); // the receiver
    }
    implArgs.addAll(Arrays.asList(implType.getArgumentTypes()));
    if (tag == Opcodes.H_NEWINVOKESPECIAL) {
      mv.visitTypeInsn(Opcodes.NEW, impl.getOwner());
      mv.visitInsn(Opcodes.DUP);
    }
    Type[] erasedArgs = erased.getArgumentTypes();
    Type[] instantiatedArgs = instantiated.getArgumentTypes();
    if (captured.length + erasedArgs.length != implArgs.size()) {
      throw new IllegalStateException(name + ": " + captured.length + " captured and "
          + erasedArgs.length + " arguments for " + impl);
    }
    int next = 0;
    for (int i = 0; i < captured.length; i++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(Opcodes.GETFIELD, name, "arg" + i, captured[i].getDescriptor());
      convert(mv, captured[i], implArgs.get(next++));
    }
    int slot = 1;
    for (int i = 0; i < erasedArgs.length; i++) {
      mv.visitVarInsn(erasedArgs[i].getOpcode(Opcodes.ILOAD), slot);
      slot += erasedArgs[i].getSize();
      convert(mv, erasedArgs[i], instantiatedArgs[i]);
      convert(mv, instantiatedArgs[i], implArgs.get(next++));
    }
    Type result = implType.getReturnType();
    switch (tag) {
      case Opcodes.H_INVOKESTATIC -> mv.visitMethodInsn(Opcodes.INVOKESTATIC, impl.getOwner(),
          impl.getName(), impl.getDesc(), impl.isInterface());
      case Opcodes.H_INVOKEVIRTUAL -> mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, impl.getOwner(),
          impl.getName(), impl.getDesc(), false);
      case Opcodes.H_INVOKEINTERFACE -> mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, impl.getOwner(),
          impl.getName(), impl.getDesc(), true);
      // a private method of the nest: nestmates call it virtually (JEP 181)
      case Opcodes.H_INVOKESPECIAL -> mv.visitMethodInsn(
          impl.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL, impl.getOwner(),
          impl.getName(), impl.getDesc(), impl.isInterface());
      case Opcodes.H_NEWINVOKESPECIAL -> {
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, impl.getOwner(), "<init>", impl.getDesc(), false);
        result = Type.getObjectType(impl.getOwner());
      }
      default -> throw new IllegalStateException(name + ": a method handle of kind " + tag);
    }
    Type returned = erased.getReturnType();
    if (returned.getSort() == Type.VOID) {
      if (result.getSort() != Type.VOID) {
        mv.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
      }
      mv.visitInsn(Opcodes.RETURN);
    } else {
      convert(mv, result, instantiated.getReturnType());
      convert(mv, instantiated.getReturnType(), returned);
      mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
    }
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** A value of type {@code from} on the stack as {@code to}, as the metafactory adapts it. */
  private static void convert(MethodVisitor mv, Type from, Type to) {
    if (from.equals(to)) {
      return;
    }
    Primitive fromPrimitive = Primitive.of(from);
    Primitive toPrimitive = Primitive.of(to);
    if (fromPrimitive != null && toPrimitive != null) {
      widen(mv, from, to);
    } else if (fromPrimitive != null) { // boxing, then a supertype of the box if asked
      mv.visitMethodInsn(Opcodes.INVOKESTATIC, fromPrimitive.box, "valueOf",
          "(" + from.getDescriptor() + ")L" + fromPrimitive.box + ";", false);
      if (!to.getInternalName().equals(fromPrimitive.box) && !isObject(to)) {
        mv.visitTypeInsn(Opcodes.CHECKCAST, to.getInternalName());
      }
    } else if (toPrimitive != null) { // unboxing, then widening
      Primitive unboxed = Primitive.ofBox(from);
      if (unboxed == null) {
        unboxed = toPrimitive;
        mv.visitTypeInsn(Opcodes.CHECKCAST, unboxed.box);
      }
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, unboxed.box, unboxed.unbox,
          "()" + unboxed.type.getDescriptor(), false);
      widen(mv, unboxed.type, to);
    } else if (!isObject(to)) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, to.getSort() == Type.ARRAY ? to.getDescriptor() : to.getInternalName());
    }
  }

  private static boolean isObject(Type type) {
    return type.getDescriptor().equals("Ljava/lang/Object;");
  }

  private static void widen(MethodVisitor mv, Type from, Type to) {
    int f = from.getSort();
    int t = to.getSort();
    boolean fromInt = f == Type.INT || f == Type.SHORT || f == Type.BYTE || f == Type.CHAR || f == Type.BOOLEAN;
    if (f == t || fromInt && (t == Type.INT || t == Type.SHORT && f == Type.BYTE)) {
      return; // the same on the stack
    }
    int opcode;
    if (fromInt && t == Type.LONG) {
      opcode = Opcodes.I2L;
    } else if (fromInt && t == Type.FLOAT) {
      opcode = Opcodes.I2F;
    } else if (fromInt && t == Type.DOUBLE) {
      opcode = Opcodes.I2D;
    } else if (f == Type.LONG && t == Type.FLOAT) {
      opcode = Opcodes.L2F;
    } else if (f == Type.LONG && t == Type.DOUBLE) {
      opcode = Opcodes.L2D;
    } else if (f == Type.FLOAT && t == Type.DOUBLE) {
      opcode = Opcodes.F2D;
    } else {
      throw new IllegalStateException("no widening from " + from + " to " + to);
    }
    mv.visitInsn(opcode);
  }

  /** The primitive types and their boxes. */
  private enum Primitive {
    BOOLEAN(Type.BOOLEAN_TYPE, "java/lang/Boolean", "booleanValue"),
    CHAR(Type.CHAR_TYPE, "java/lang/Character", "charValue"),
    BYTE(Type.BYTE_TYPE, "java/lang/Byte", "byteValue"),
    SHORT(Type.SHORT_TYPE, "java/lang/Short", "shortValue"),
    INT(Type.INT_TYPE, "java/lang/Integer", "intValue"),
    LONG(Type.LONG_TYPE, "java/lang/Long", "longValue"),
    FLOAT(Type.FLOAT_TYPE, "java/lang/Float", "floatValue"),
    DOUBLE(Type.DOUBLE_TYPE, "java/lang/Double", "doubleValue");

    final Type type;
    final String box;
    final String unbox;

    Primitive(Type type, String box, String unbox) {
      this.type = type;
      this.box = box;
      this.unbox = unbox;
    }

    static Primitive of(Type type) {
      for (Primitive p : values()) {
        if (p.type.equals(type)) {
          return p;
        }
      }
      return null;
    }

    static Primitive ofBox(Type type) {
      for (Primitive p : values()) {
        if (type.getSort() == Type.OBJECT && p.box.equals(type.getInternalName())) {
          return p;
        }
      }
      return null;
    }
  }
}
