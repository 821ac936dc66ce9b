package dev.backplane.adapters.picocli.specs;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes, for each class annotated with picocli's {@code @Command} and for each class used as its
 * {@code @Mixin}, a class {@code NAME_Spec} that builds the command model picocli would build from
 * the annotations, through picocli's programmatic API, plus one {@code CommandSpecs} class per
 * package that picks the right one for a command object. A mixin's options and the standard help
 * options are added to the command's own model, with the same bindings, instead of through a
 * model per mixin: the command line parses and prints the same, and {@code mixins()} is empty.
 *
 * <p>Only the annotation attributes this project uses are supported; any other is a compile error
 * naming it, so that a new attribute cannot be silently dropped from the model. The command line
 * adapter's tests compare each generated model with the one picocli reflects.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes("picocli.CommandLine.Command")
public final class CommandSpecProcessor extends AbstractProcessor {
  private static final String PICOCLI = "picocli.CommandLine.";
  private static final Set<String> COMMAND_ATTRIBUTES = Set.of("name", "mixinStandardHelpOptions",
      "versionProvider", "description", "footerHeading", "footer");
  private static final Set<String> OPTION_ATTRIBUTES = Set.of("names", "paramLabel", "description",
      "converter", "defaultValue", "arity", "required");
  private static final Set<String> PARAMETERS_ATTRIBUTES = Set.of("index", "paramLabel",
      "description", "converter", "defaultValue", "arity");
  private static final Set<String> UNSUPPORTED = Set.of("ArgGroup", "ParentCommand", "Unmatched");

  /** Classes written so far, by package: each package gets one CommandSpecs for its commands. */
  private final Map<String, Set<String>> commandsByPackage = new TreeMap<>();
  private final Set<String> written = new LinkedHashSet<>();
  private final Set<String> registries = new LinkedHashSet<>();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement command = processingEnv.getElementUtils().getTypeElement(PICOCLI + "Command");
    if (command != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(command))) {
        write(type, true);
        if (registries.contains(packageOf(type))) {
          error(type, "a @Command class generated in a later round: CommandSpecs of its package is "
              + "already written");
        }
        commandsByPackage.computeIfAbsent(packageOf(type), p -> new LinkedHashSet<>())
            .add(type.getQualifiedName().toString());
      }
    }
    // Written in the round that found the commands, not in the last round: javac does not process
    // a file created then, and warns.
    commandsByPackage.forEach((pkg, commands) -> {
      if (registries.add(pkg)) {
        writeRegistry(pkg, commands);
      }
    });
    return false;
  }

  private void write(TypeElement type, boolean isCommand) {
    String name = type.getQualifiedName().toString();
    if (!written.add(name)) {
      return;
    }
    Source out = new Source();
    String simple = specName(type);
    out.line("package " + packageOf(type) + ";");
    out.line("");
    out.line("/** The picocli model of {@link " + type.getSimpleName() + "}, written from its "
        + "annotations by CommandSpecProcessor. */");
    out.line("@javax.annotation.processing.Generated(\"" + getClass().getName() + "\")");
    out.line("final class " + simple + " {");
    out.line("  private " + simple + "() {}");
    out.line("");
    List<VariableElement> fields = annotatedFields(type);
    out.line("  @SuppressWarnings(\"unchecked\")");
    boolean standardHelp = false;
    if (isCommand) {
      out.line("  static picocli.CommandLine.Model.CommandSpec create(" + name + " object, "
          + "picocli.CommandLine.IFactory factory) {");
      out.line("    picocli.CommandLine.Model.CommandSpec spec = "
          + "picocli.CommandLine.Model.CommandSpec.wrapWithoutInspection(object, factory);");
      standardHelp = commandAttributes(type, out);
    } else {
      // A mixin's options go straight into its command's model, in the order picocli's addMixin
      // adds them: a model of its own per mixin would cost each run a CommandSpec (four regular
      // expressions compiled for negatable options) for nothing the commands use.
      out.line("  static void addTo(picocli.CommandLine.Model.CommandSpec spec, " + name
          + " object, picocli.CommandLine.IFactory factory) {");
    }
    int binding = 0;
    for (VariableElement field : fields) {
      AnnotationMirror option = annotation(field, "Option");
      AnnotationMirror parameters = annotation(field, "Parameters");
      AnnotationMirror mixin = annotation(field, "Mixin");
      AnnotationMirror spec = annotation(field, "Spec");
      if (option != null) {
        out.line("    spec.addOption(picocli.CommandLine.Model.OptionSpec.builder("
            + strings(strings(option, "names")) + ")");
        arg(field, option, OPTION_ATTRIBUTES, binding++, out);
        out.line("        .build());");
      } else if (parameters != null) {
        out.line("    spec.addPositional(picocli.CommandLine.Model.PositionalParamSpec.builder()");
        String index = string(attribute(parameters, "index"));
        if (index != null && !index.isEmpty()) {
          out.line("        .index(" + literal(index) + ")");
        }
        arg(field, parameters, PARAMETERS_ATTRIBUTES, binding++, out);
        out.line("        .build());");
      } else if (mixin != null) {
        check(field, mixin, Set.of("name"));
        TypeElement mixinType = (TypeElement) processingEnv.getTypeUtils().asElement(field.asType());
        write(mixinType, false);
        String member = "mixin from member " + abbreviate(genericString(field));
        out.line("    if (object." + field.getSimpleName() + " == null) {");
        out.line("      object." + field.getSimpleName() + " = CommandSpecs.create(factory, "
            + erasure(field.asType()) + ".class);");
        out.line("    }");
        out.line("    " + packageOf(mixinType) + "." + specName(mixinType) + ".addTo(spec, object."
            + field.getSimpleName() + ", factory); // " + member);
      } else if (spec != null) {
        check(field, spec, Set.of("value"));
        Object target = attribute(spec, "value");
        boolean mixeeTarget = target != null && target.toString().equals("MIXEE");
        if (mixeeTarget && isCommand) {
          error(field, "@Spec(MIXEE) belongs in a mixin");
        }
        if (!mixeeTarget && !isCommand) {
          error(field, "a mixin's @Spec must be @Spec(Spec.Target.MIXEE): mixins are written into "
              + "their command's model and have none of their own");
        }
        out.line("    object." + field.getSimpleName() + " = spec;");
      }
    }
    if (standardHelp) {
      out.line("    CommandSpecs.addStandardHelpOptions(spec);");
    }
    if (isCommand) {
      out.line("    return spec;");
    }
    out.line("  }");
    if (binding > 0) {
      bindings(type, fields, out);
    }
    out.line("}");
    out.writeTo(packageOf(type) + "." + simple, type);
  }

  /** The command's own attributes; true if it asks for the standard help options. */
  private boolean commandAttributes(TypeElement type, Source out) {
    AnnotationMirror command = annotation(type, "Command");
    check(type, command, COMMAND_ATTRIBUTES);
    String name = string(attribute(command, "name"));
    if (name != null) {
      out.line("    spec.name(" + literal(name) + ");");
    }
    Object provider = attribute(command, "versionProvider");
    if (provider != null) {
      out.line("    spec.versionProvider(CommandSpecs.create(factory, "
          + erasure((TypeMirror) provider) + ".class));");
    }
    List<String> description = strings(command, "description");
    if (!description.isEmpty()) {
      out.line("    spec.usageMessage().description(" + strings(description) + ");");
    }
    String footerHeading = string(attribute(command, "footerHeading"));
    if (footerHeading != null) {
      out.line("    spec.usageMessage().footerHeading(" + literal(footerHeading) + ");");
    }
    List<String> footer = strings(command, "footer");
    if (!footer.isEmpty()) {
      out.line("    spec.usageMessage().footer(" + strings(footer) + ");");
    }
    return Boolean.TRUE.equals(attribute(command, "mixinStandardHelpOptions"));
  }

  /** The builder calls an @Option or @Parameters field shares, after its names or index. */
  private void arg(VariableElement field, AnnotationMirror annotation, Set<String> supported,
      int binding, Source out) {
    check(field, annotation, supported);
    TypeMirror type = field.asType();
    out.line("        .type(" + erasure(type) + ".class)");
    List<String> auxiliary = new ArrayList<>();
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
        auxiliary.add(erasure(argument) + ".class");
      }
    }
    if (!auxiliary.isEmpty()) {
      out.line("        .auxiliaryTypes(" + String.join(", ", auxiliary) + ")");
    }
    String label = string(attribute(annotation, "paramLabel"));
    out.line("        .paramLabel(" + literal(label == null || label.isBlank()
        ? "<" + field.getSimpleName() + ">" : label.trim()) + ")");
    List<String> description = strings(annotation, "description");
    if (!description.isEmpty()) {
      out.line("        .description(" + strings(description) + ")");
    }
    out.line("        .descriptionKey(\"\")");
    String arity = string(attribute(annotation, "arity"));
    if (arity != null && !arity.isEmpty()) {
      out.line("        .arity(" + literal(arity) + ")");
    }
    boolean positional = annotation.getAnnotationType().toString().equals(PICOCLI + "Parameters");
    if (positional && (arity == null || arity.isEmpty()) && !auxiliary.isEmpty()) {
      error(field, "a multi-valued @Parameters needs its arity written (picocli's default differs "
          + "between its annotations and its builders)");
    }
    // picocli: an option is required when it says so, a positional parameter when it takes at
    // least one value (its arity, else 1 for a single value)
    if (positional ? minimum(arity) > 0 : Boolean.TRUE.equals(attribute(annotation, "required"))) {
      out.line("        .required(true)");
    }
    String defaultValue = string(attribute(annotation, "defaultValue"));
    if (defaultValue != null) {
      out.line("        .defaultValue(" + literal(defaultValue) + ")");
    }
    List<String> converters = new ArrayList<>();
    for (Object converter : list(attribute(annotation, "converter"))) {
      converters.add("CommandSpecs.create(factory, " + erasure((TypeMirror) converter) + ".class)");
    }
    if (!converters.isEmpty()) {
      out.line("        .converters(" + String.join(", ", converters) + ")");
    }
    out.line("        .initialValue(object." + field.getSimpleName() + ")");
    out.line("        .withToString(" + literal("field " + abbreviate(genericString(field))) + ")");
    out.line("        .setter(new Binding(object, " + binding + "))");
    out.line("        .getter(new Binding(object, " + binding + "))");
  }

  /** One class that reads and writes every option field of the object, by number. */
  private void bindings(TypeElement type, List<VariableElement> fields, Source out) {
    List<VariableElement> bound = new ArrayList<>();
    for (VariableElement field : fields) {
      if (annotation(field, "Option") != null || annotation(field, "Parameters") != null) {
        bound.add(field);
      }
    }
    String name = type.getQualifiedName().toString();
    out.line("");
    out.line("  private static final class Binding implements picocli.CommandLine.Model.ISetter, "
        + "picocli.CommandLine.Model.IGetter {");
    out.line("    private final " + name + " object;");
    out.line("    private final int field;");
    out.line("");
    out.line("    Binding(" + name + " object, int field) {");
    out.line("      this.object = object;");
    out.line("      this.field = field;");
    out.line("    }");
    out.line("");
    out.line("    @Override");
    out.line("    @SuppressWarnings(\"unchecked\")");
    out.line("    public <T> T get() {");
    out.line("      switch (field) {");
    for (int i = 0; i < bound.size(); i++) {
      out.line("        case " + i + ": return (T) (Object) object." + bound.get(i).getSimpleName() + ";");
    }
    out.line("        default: throw new IllegalStateException(\"no field \" + field);");
    out.line("      }");
    out.line("    }");
    out.line("");
    out.line("    @Override");
    out.line("    @SuppressWarnings(\"unchecked\")");
    out.line("    public <T> T set(T value) {");
    out.line("      T old = get();");
    out.line("      switch (field) {");
    for (int i = 0; i < bound.size(); i++) {
      VariableElement field = bound.get(i);
      out.line("        case " + i + ": object." + field.getSimpleName() + " = ("
          + boxed(field.asType()) + ") value; break;");
    }
    out.line("        default: throw new IllegalStateException(\"no field \" + field);");
    out.line("      }");
    out.line("      return old;");
    out.line("    }");
    out.line("  }");
  }

  private void writeRegistry(String pkg, Set<String> commands) {
    Source out = new Source();
    out.line("package " + pkg + ";");
    out.line("");
    out.line("/** The picocli models of this package's commands, written by CommandSpecProcessor. */");
    out.line("@javax.annotation.processing.Generated(\"" + getClass().getName() + "\")");
    out.line("final class CommandSpecs {");
    out.line("  private CommandSpecs() {}");
    out.line("");
    out.line("  /** The model of {@code command}, built as picocli builds it from the annotations. */");
    out.line("  static picocli.CommandLine.Model.CommandSpec of(Object command, "
        + "picocli.CommandLine.IFactory factory) {");
    for (String command : commands) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(command);
      out.line("    if (command instanceof " + command + ") {");
      out.line("      return " + specName(type) + ".create((" + command + ") command, factory);");
      out.line("    }");
    }
    out.line("    throw new IllegalArgumentException(\"no @Command model for \" + command.getClass());");
    out.line("  }");
    out.line("");
    out.line("  /**");
    out.line("   * Adds -h/--help and -V/--version to {@code spec}, as picocli's mixinStandardHelpOptions");
    out.line("   * adds them, but without a mixin model of their own.");
    out.line("   */");
    out.line("  static void addStandardHelpOptions(picocli.CommandLine.Model.CommandSpec spec) {");
    out.line("    spec");
    for (String[] option : new String[][] {
        {"-h", "--help", "usageHelp", "help", "Show this help message and exit.", "helpRequested"},
        {"-V", "--version", "versionHelp", "version", "Print version information and exit.",
            "versionRequested"}}) {
      out.line("        .addOption(picocli.CommandLine.Model.OptionSpec.builder(" + literal(option[0])
          + ", " + literal(option[1]) + ")");
      out.line("            ." + option[2] + "(true).type(boolean.class).initialValue(false)");
      out.line("            .paramLabel(" + literal("<" + option[5] + ">") + ")");
      out.line("            .descriptionKey(" + literal("mixinStandardHelpOptions." + option[3]) + ")");
      out.line("            .description(" + literal(option[4]) + ")");
      out.line("            .withToString(" + literal("field boolean picocli.CommandLine$AutoHelpMixin."
          + option[5]) + ").build())" + (option[0].equals("-V") ? ";" : ""));
    }
    out.line("  }");
    out.line("");
    out.line("  /** An instance from the factory, as picocli creates converters and providers. */");
    out.line("  static <T> T create(picocli.CommandLine.IFactory factory, Class<T> type) {");
    out.line("    try {");
    out.line("      return factory.create(type);");
    out.line("    } catch (Exception e) {");
    out.line("      throw new picocli.CommandLine.InitializationException(");
    out.line("          \"Could not instantiate \" + type + \": \" + e, e);");
    out.line("    }");
    out.line("  }");
    out.line("}");
    out.writeTo(pkg + ".CommandSpecs", null);
  }

  /** The fields of the class and its superclasses, top-down, refusing what is not supported. */
  private List<VariableElement> annotatedFields(TypeElement type) {
    List<TypeElement> hierarchy = new ArrayList<>();
    for (TypeElement t = type; t != null; t = superclass(t)) {
      hierarchy.add(0, t);
    }
    List<VariableElement> fields = new ArrayList<>();
    for (TypeElement t : hierarchy) {
      for (Element member : t.getEnclosedElements()) {
        boolean picocli = false;
        for (AnnotationMirror mirror : member.getAnnotationMirrors()) {
          String annotation = mirror.getAnnotationType().toString();
          if (annotation.startsWith(PICOCLI) && !annotation.equals(PICOCLI + "Command")) {
            picocli = true;
            if (UNSUPPORTED.contains(annotation.substring(PICOCLI.length()))) {
              error(member, "CommandSpecProcessor does not support @" + annotation);
            }
          }
        }
        if (!picocli) {
          continue;
        }
        if (member.getKind() != ElementKind.FIELD) {
          error(member, "CommandSpecProcessor supports picocli annotations on fields only");
        } else if (member.getModifiers().contains(Modifier.PRIVATE)
            || member.getModifiers().contains(Modifier.STATIC)
            || member.getModifiers().contains(Modifier.FINAL)) {
          error(member, "an annotated field must be neither private, static nor final");
        } else {
          fields.add((VariableElement) member);
        }
      }
    }
    return fields;
  }

  private TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
    return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
  }

  private void check(Element element, AnnotationMirror annotation, Set<String> supported) {
    for (ExecutableElement attribute : annotation.getElementValues().keySet()) {
      String name = attribute.getSimpleName().toString();
      if (!supported.contains(name)) {
        error(element, "CommandSpecProcessor does not support the attribute " + name + " of @"
            + annotation.getAnnotationType().asElement().getSimpleName()
            + " (add it to the processor, or drop it)");
      }
    }
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  private static AnnotationMirror annotation(Element element, String simpleName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals(PICOCLI + simpleName)) {
        return mirror;
      }
    }
    return null;
  }

  /** An attribute's value as written (null where it is not written). */
  private static Object attribute(AnnotationMirror annotation, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> value
        : annotation.getElementValues().entrySet()) {
      if (value.getKey().getSimpleName().contentEquals(attribute)) {
        return value.getValue().getValue();
      }
    }
    return null;
  }

  private static List<Object> list(Object value) {
    List<Object> values = new ArrayList<>();
    if (value instanceof List<?> items) {
      for (Object item : items) {
        values.add(((AnnotationValue) item).getValue());
      }
    } else if (value != null) {
      values.add(value);
    }
    return values;
  }

  private static List<String> strings(AnnotationMirror annotation, String attribute) {
    List<String> strings = new ArrayList<>();
    for (Object value : list(attribute(annotation, attribute))) {
      strings.add((String) value);
    }
    return strings;
  }

  /** The least number of values an arity such as 1, 0..1 or 1..* takes (1 when not written). */
  private static int minimum(String arity) {
    if (arity == null || arity.isEmpty()) {
      return 1;
    }
    String min = arity.contains("..") ? arity.substring(0, arity.indexOf("..")) : arity;
    return min.trim().equals("*") ? 0 : Integer.parseInt(min.trim());
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  private String packageOf(TypeElement type) {
    PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
    return pkg.getQualifiedName().toString();
  }

  /** PlanCommand_Spec; a nested class's name joins its enclosing ones (Outer_Inner_Spec). */
  private static String specName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement;
        outer = outer.getEnclosingElement()) {
      name.insert(0, outer.getSimpleName() + "_");
    }
    return name.append("_Spec").toString();
  }

  private String erasure(TypeMirror type) {
    return processingEnv.getTypeUtils().erasure(type).toString();
  }

  private String boxed(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return processingEnv.getTypeUtils()
          .boxedClass((javax.lang.model.type.PrimitiveType) type).getQualifiedName().toString();
    }
    return type.toString();
  }

  /** As java.lang.reflect.Field#toGenericString writes the field (picocli names fields so). */
  private String genericString(VariableElement field) {
    StringBuilder text = new StringBuilder();
    for (Modifier modifier : List.of(Modifier.PUBLIC, Modifier.PROTECTED, Modifier.PRIVATE,
        Modifier.STATIC, Modifier.FINAL, Modifier.TRANSIENT, Modifier.VOLATILE)) {
      if (field.getModifiers().contains(modifier)) {
        text.append(modifier).append(' ');
      }
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    return text.append(typeName(field.asType())).append(' ')
        .append(processingEnv.getElementUtils().getBinaryName(owner)).append('.')
        .append(field.getSimpleName()).toString();
  }

  /** As java.lang.reflect.Type#getTypeName writes it: binary names, arguments after ", ". */
  private String typeName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return type.toString();
    }
    DeclaredType declared = (DeclaredType) type;
    StringBuilder name = new StringBuilder(processingEnv.getElementUtils()
        .getBinaryName((TypeElement) declared.asElement()));
    if (!declared.getTypeArguments().isEmpty()) {
      List<String> arguments = new ArrayList<>();
      for (TypeMirror argument : declared.getTypeArguments()) {
        arguments.add(typeName(argument));
      }
      name.append('<').append(String.join(", ", arguments)).append('>');
    }
    return name.toString();
  }

  /** As picocli abbreviates a member's description. */
  private static String abbreviate(String text) {
    return text.replace("private ", "").replace("protected ", "").replace("public ", "")
        .replace("java.lang.", "");
  }

  private static String strings(List<?> values) {
    List<String> literals = new ArrayList<>();
    for (Object value : values) {
      literals.add(literal(value.toString()));
    }
    return String.join(", ", literals);
  }

  private static String literal(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A generated source file, written at the end. */
  private final class Source {
    private final StringBuilder text = new StringBuilder();

    void line(String line) {
      text.append(line).append('\n');
    }

    void writeTo(String qualifiedName, Element origin) {
      try (Writer writer = processingEnv.getFiler()
          .createSourceFile(qualifiedName, origin == null ? new Element[0] : new Element[] {origin})
          .openWriter()) {
        writer.write(text.toString());
      } catch (IOException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "cannot write " + qualifiedName + ": " + e.getMessage());
      }
    }
  }
}
