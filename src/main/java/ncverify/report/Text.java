package ncverify.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Escaping and number formatting shared by the writers. Locale-independent on purpose. */
final class Text {
  private static final Pattern ORDERED_LIST_START = Pattern.compile("^(\\d+)([.)])");

  private Text() {
  }

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Escapes text for a Markdown table cell or paragraph: Markdown punctuation is backslash-escaped,
   * HTML-significant characters become entities (Markdown passes raw HTML through), and line breaks
   * become spaces (a newline would end the table row).
   */
  static String md(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '\r', '\n' -> b.append(' ');
        case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Escapes text that starts a Markdown line (a paragraph): besides {@link #md}, a leading
   * {@code - + =} or {@code 1.} would turn the line into a list item or heading underline.
   */
  static String mdLine(String s) {
    String e = md(s);
    if (!e.isEmpty() && "-+=".indexOf(e.charAt(0)) >= 0) {
      return "\\" + e;
    }
    Matcher m = ORDERED_LIST_START.matcher(e);
    return m.find() ? m.group(1) + "\\" + e.substring(m.group(1).length()) : e;
  }

  /**
   * A fenced Markdown code block whose content is shown verbatim (for copy-pasteable settings):
   * the fence is one backtick longer than the longest backtick run in the content.
   */
  static String mdFence(String content) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < content.length(); i++) {
      run = content.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + "\n" + content + "\n" + fence + "\n";
  }

  /**
   * Formats a measured number: 4 significant digits, plain for moderate magnitudes and scientific
   * otherwise, always with Locale.ROOT so that the bytes do not depend on the machine's locale.
   */
  static String num(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    // %.4g is plain (not scientific) exactly on [1e-4, 1e4); use plain from 1e-3 on.
    if (a >= 1e-3 && a < 1e4) {
      return stripZeros(String.format(Locale.ROOT, "%.4g", x));
    }
    String s = String.format(Locale.ROOT, "%.3e", x);
    int e = s.indexOf('e');
    String mantissa = stripZeros(s.substring(0, e));
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + exponent;
  }

  private static String stripZeros(String s) {
    if (!s.contains(".")) {
      return s;
    }
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }
}
