package ncverify.symbolic;

import java.util.Locale;
import java.util.Set;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IPatternObject;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * Decides, before anything is evaluated, whether a parsed proof statement may run.
 *
 * <p>Symja parses in relaxed syntax (the only mode in which 3.0.0 resolves built-in names): names
 * of two or more characters are case-insensitive, so {@code run}, {@code Run} and {@code RUN} are
 * one symbol. Two rules, applied to every symbol of the parsed (unevaluated) expression tree, heads and
 * leaves alike, including the symbols and head tests of patterns:
 * <ol>
 *   <li>a <b>built-in</b> Symja symbol must be on {@link #ALLOWED_BUILTINS} (an allowlist of pure
 *       mathematics: arithmetic, simplification, calculus, polynomials, lists, small matrices,
 *       logic and scoping). Everything else (files, streams, network, processes, Java interop,
 *       string-to-code conversion, printing, session state) is refused because it is simply not
 *       on the list;</li>
 *   <li>a <b>user</b> symbol may not carry the name (case-insensitively) of an I/O or interop
 *       function ({@link #REFUSED_NAMES}, prefixes {@link #REFUSED_PREFIXES}), so a
 *       relaxed-syntax parser or a future Symja version that maps such a name to a built-in cannot
 *       turn it into one.</li>
 * </ol>
 * The allowlist contains no function that converts strings into code ({@code ToExpression},
 * {@code Symbol}, {@code Evaluate}-of-strings), so string literals stay inert data.
 */
final class Sandbox {

  /** Built-in heads a proof may use: pure mathematics only. */
  static final Set<String> ALLOWED_BUILTINS = lower(
      // numbers, constants, structure
      "Integer", "Rational", "Real", "Complex", "List", "Rule", "RuleDelayed",
      "Null", "True", "False", "Pi", "E", "I", "Infinity", "ComplexInfinity", "Indeterminate",
      "Sequence", "Nothing", "Hold", "HoldForm", "Reals", "Integers", "Element", "Assumptions",
      "Slot", "Function", "Pattern", "Blank", "Condition", "PatternTest", "Optional",
      "Alternatives", "Out",
      // arithmetic and elementary functions
      "Plus", "Times", "Power", "Subtract", "Minus", "Divide", "Sqrt", "Surd", "CubeRoot", "Exp",
      "Log", "Sin", "Cos", "Tan", "ArcTan", "ArcSin", "ArcCos", "Sinh", "Cosh", "Tanh", "Abs",
      "Sign", "Max", "Min", "Floor", "Ceiling", "Round", "Mod", "Quotient", "Binomial", "Factorial",
      "Gamma", "Re", "Im", "Conjugate", "KroneckerDelta", "UnitStep", "Boole", "Ramp", "Clip",
      "Chop", "N", "Rationalize", "LogisticSigmoid", "ProductLog",
      // algebra
      "Simplify", "FullSimplify", "Refine", "Factor", "FactorTerms", "Expand", "ExpandAll",
      "Together", "Apart", "Cancel", "Numerator", "Denominator", "Collect", "PowerExpand",
      "Coefficient", "CoefficientList", "Exponent", "Variables", "PolynomialQ",
      "PolynomialQuotient", "PolynomialRemainder", "PolynomialGCD", "Resultant", "Discriminant",
      "Solve", "NSolve", "Roots", "Reduce", "Eliminate", "GroebnerBasis", "Root", "ComplexExpand",
      "TrigExpand", "TrigReduce", "LeafCount",
      // calculus
      "D", "Derivative", "Integrate", "Series", "Normal", "SeriesCoefficient", "Limit", "Sum",
      "Product",
      // logic and comparison
      "Equal", "Unequal", "Less", "LessEqual", "Greater", "GreaterEqual", "Inequality", "And",
      "Or", "Not", "Xor", "Implies", "SameQ", "UnsameQ", "TrueQ", "If", "Which", "Piecewise",
      "Positive", "Negative", "NonNegative", "NonPositive", "IntegerQ", "NumberQ", "NumericQ",
      "FreeQ", "MemberQ", "AllTrue", "AnyTrue", "NoneTrue", "LogicalExpand", "BooleanConvert",
      // lists and matrices
      "Table", "Range", "Array", "ConstantArray", "Length", "Part", "First", "Last", "Rest", "Most",
      "Take", "Drop", "Join", "Append", "Prepend", "Total", "Accumulate", "Map", "Apply", "MapThread",
      "Thread", "Outer", "Inner", "Flatten", "Partition", "Transpose", "Dot", "Tr", "Det", "Inverse",
      "IdentityMatrix", "DiagonalMatrix", "Diagonal", "MatrixPower", "MatrixRank", "Eigenvalues",
      "Eigenvectors", "CharacteristicPolynomial", "NullSpace", "Norm", "Dimensions", "Select",
      "Count", "Sort", "Reverse", "Union", "Fold", "Nest", "KroneckerProduct", "UnitVector",
      "MatrixQ", "VectorQ", "ReplaceAll", "ReplaceRepeated", "Replace",
      // scoping and definitions (inside the sandboxed engine only)
      "Set", "SetDelayed", "CompoundExpression", "Module", "Block", "With");

  /** User-symbol names refused whatever Symja thinks they are (compared lower-case). */
  static final Set<String> REFUSED_NAMES = Set.of(
      "import", "export", "get", "put", "putappend", "save", "dumpsave", "readstring", "readlist",
      "read", "openread", "openwrite", "openappend", "close", "write", "writestring", "run",
      "runprocess", "startprocess", "killprocess", "processinformation", "install", "environment",
      "setenvironment", "setdirectory", "resetdirectory", "directory", "createdirectory",
      "deletedirectory", "deletefile", "copyfile", "renamefile", "filenames", "fileexistsq",
      "systemdialoginput", "systemopen", "toexpression", "symbol", "needs", "compile",
      "compilefunction", "compileprint", "print", "echo", "pause", "quit", "exit", "clear",
      "clearall", "remove", "sethistorylength", "sendmail", "socketconnect",
      "exportstring", "importstring", "byteslice", "bytearray", "datetime", "now", "$home");

  /** Refused name prefixes (compared lower-case): Java interop, URLs, files, streams, sockets. */
  static final Set<String> REFUSED_PREFIXES = Set.of(
      "java", "url", "file", "stream", "socket", "http", "process", "loadjava", "$system",
      "$user", "$path", "$input", "$output");

  private Sandbox() {}

  /** Symja (relaxed syntax) resolves names case-insensitively, so all lists compare lower-case. */
  private static Set<String> lower(String... names) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  /** Returns null if {@code expr} may run, else the first offending symbol's name. */
  static String firstRefusedSymbol(IExpr expr) {
    if (expr == null) {
      return null;
    }
    if (expr instanceof IPatternObject p) {
      String s = firstRefusedSymbol(p.getSymbol());
      return s != null ? s : firstRefusedSymbol(p.getHeadTest());
    }
    if (expr instanceof ISymbol sym) {
      return refused(sym) ? sym.getSymbolName() : null;
    }
    if (expr.isAST()) {
      IAST ast = (IAST) expr;
      String h = firstRefusedSymbol(ast.head());
      if (h != null) {
        return h;
      }
      for (int i = 1; i < ast.size(); i++) {
        String a = firstRefusedSymbol(ast.get(i));
        if (a != null) {
          return a;
        }
      }
    }
    return null;
  }

  private static boolean refused(ISymbol sym) {
    String name = sym.getSymbolName();
    String lower = name.toLowerCase(Locale.ROOT);
    if (REFUSED_NAMES.contains(lower)) {
      return true;
    }
    for (String p : REFUSED_PREFIXES) {
      if (lower.startsWith(p)) {
        return true;
      }
    }
    return sym.isBuiltInSymbol() && !ALLOWED_BUILTINS.contains(lower);
  }
}
