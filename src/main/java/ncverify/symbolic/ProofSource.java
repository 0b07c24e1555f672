package ncverify.symbolic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import ncverify.core.InvalidInput;

/**
 * Splits a proof file into statements and prose (format: proofs/README.md).
 *
 * <p>Prose is written in Mathematica comments {@code (* … *)} (nestable, may span lines). A
 * statement starts at the first non-blank character outside a comment and ends at the end of the
 * first line on which all of its brackets {@code ( [ {} are closed; a trailing {@code ;} is
 * dropped. Unbalanced or mismatched brackets, unterminated comments and strings are errors that
 * name file:line.
 */
final class ProofSource {

  /** One statement with the line it starts on and the prose written since the previous one. */
  record Statement(int line, String text, String prose) {}

  private ProofSource() {}

  static List<Statement> split(String file, String content) {
    List<Statement> out = new ArrayList<>();
    StringBuilder stmt = new StringBuilder();
    StringBuilder prose = new StringBuilder();
    Deque<int[]> brackets = new ArrayDeque<>(); // {char, line}
    int line = 1;
    int stmtLine = -1;
    int commentDepth = 0;
    int commentLine = -1;
    boolean inString = false;
    int stringLine = -1;
    int n = content.length();
    for (int i = 0; i < n; i++) {
      char c = content.charAt(i);
      char next = i + 1 < n ? content.charAt(i + 1) : '\0';
      if (commentDepth > 0) {
        if (c == '(' && next == '*') {
          commentDepth++;
          i++;
          prose.append("(*");
        } else if (c == '*' && next == ')') {
          commentDepth--;
          i++;
          if (commentDepth > 0) {
            prose.append("*)");
          } else {
            prose.append('\n');
          }
        } else {
          if (c == '\n') {
            line++;
          }
          prose.append(c);
        }
        continue;
      }
      if (inString) {
        stmt.append(c);
        if (c == '\\' && i + 1 < n) {
          stmt.append(next);
          i++;
        } else if (c == '"') {
          inString = false;
        } else if (c == '\n') {
          line++;
        }
        continue;
      }
      if (c == '(' && next == '*') {
        commentDepth = 1;
        commentLine = line;
        i++;
        stmt.append(' ');
        continue;
      }
      if (c == '\n') {
        if (stmtLine > 0 && brackets.isEmpty()) {
          out.add(finish(stmt, stmtLine, prose));
          stmtLine = -1;
        } else if (stmtLine > 0) {
          stmt.append('\n');
        }
        line++;
        continue;
      }
      if (stmtLine < 0) {
        if (Character.isWhitespace(c)) {
          continue;
        }
        stmtLine = line;
      }
      stmt.append(c);
      switch (c) {
        case '"' -> {
          inString = true;
          stringLine = line;
        }
        case '(', '[', '{' -> brackets.push(new int[] {c, line});
        case ')', ']', '}' -> {
          char open = c == ')' ? '(' : c == ']' ? '[' : '{';
          if (brackets.isEmpty()) {
            throw InvalidInput.at(file, line, "unbalanced '" + c + "' (nothing open)");
          }
          int[] top = brackets.pop();
          if (top[0] != open) {
            throw InvalidInput.at(file, line, "'" + c + "' does not match '" + (char) top[0]
                + "' opened at line " + top[1]);
          }
        }
        default -> { }
      }
    }
    if (commentDepth > 0) {
      throw InvalidInput.at(file, commentLine, "unterminated comment '(*'");
    }
    if (inString) {
      throw InvalidInput.at(file, stringLine, "unterminated string");
    }
    if (!brackets.isEmpty()) {
      int[] top = brackets.peekLast();
      throw InvalidInput.at(file, top[1], "unbalanced '" + (char) top[0]
          + "' (never closed)");
    }
    if (stmtLine > 0) {
      out.add(finish(stmt, stmtLine, prose));
    }
    return out;
  }

  private static Statement finish(StringBuilder stmt, int line, StringBuilder prose) {
    String text = stmt.toString().strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    stmt.setLength(0);
    String p = prose.toString().strip().replaceAll("[ \\t]*\\n[ \\t]*", "\n");
    prose.setLength(0);
    return new Statement(line, text, p);
  }
}
