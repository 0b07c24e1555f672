package ncverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void numbersUseFourSignificantDigitsAndNoLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("0.025", Text.num(0.025));
      assertEquals("-0.025", Text.num(-0.025));
      assertEquals("3.2e-9", Text.num(3.2e-9));
      assertEquals("1.235e4", Text.num(12345.678));
      assertEquals("9999", Text.num(9999));
      assertEquals("0.001", Text.num(0.001));
      assertEquals("9.999e-4", Text.num(0.00099991));
      assertEquals("1", Text.num(1));
      assertEquals("1e-6", Text.num(1e-6));
      assertEquals("0", Text.num(0));
      assertEquals("NaN", Text.num(Double.NaN));
      assertEquals("-inf", Text.num(Double.NEGATIVE_INFINITY));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void htmlEscapesMarkupAndQuotes() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Text.html("a <b> & \"c\" 'd'"));
  }

  @Test
  void markdownEscapesCellBreakersAndMarkup() {
    assertEquals("a \\| b &lt;i&gt; \\*x\\* \\_y\\_ line", Text.md("a | b <i> *x* _y_\nline"));
    assertEquals("\\- item", Text.mdLine("- item"));
    assertEquals("12\\. point", Text.mdLine("12. point"));
    assertEquals("12 points", Text.mdLine("12 points"));
  }

  @Test
  void fenceIsLongerThanAnyBacktickRunInside() {
    assertEquals("```\nK=3\n```\n", Text.mdFence("K=3"));
    assertEquals("````\na```b\n````\n", Text.mdFence("a```b"));
  }
}
