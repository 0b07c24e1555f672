package ncverify.verify;

import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import ncverify.claim.Domain;
import ncverify.problem.Setting;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** {@link PropertyEngine} on QuickTheories: integrated shrinking of the domain's integer choices. */
final class QuickTheoriesEngine implements PropertyEngine {

  @Override
  public <R> Search<R> search(Domain domain, long seed, int tries, int shrinkCycles,
      Function<Setting, R> evaluate, Predicate<R> refutes) {
    return searchDistinct(domain, seed, Integer.MAX_VALUE, tries, shrinkCycles, evaluate, r -> true,
        refutes);
  }

  @Override
  public <R> Search<R> searchDistinct(Domain domain, long seed, int wanted, int maxDraws,
      int shrinkCycles, Function<Setting, R> evaluate, Predicate<R> counts, Predicate<R> refutes) {
    Gen<int[]> gen = Generate.constant(new int[0]);
    for (Domain.Choice c : domain.choices()) {
      gen = gen.zip(SourceDSL.integers().between(c.min(), c.max()), QuickTheoriesEngine::append);
    }
    Map<Setting, R> seen = new LinkedHashMap<>();
    List<Trial<R>> trials = new ArrayList<>();
    int[] shrinkEvaluations = {0};
    int[] counted = {0};
    boolean[] refuted = {false};
    Object[] smallest = {null};
    RuntimeException[] error = {null};
    Reporter capture = new Reporter() {
      @Override
      public void falisification(long s, int examples, Object value, Throwable cause,
          List<Object> others, AsString<Object> toString) {
        smallest[0] = value;
      }

      @Override
      public void falisification(long s, int examples, Object value, List<Object> others,
          AsString<Object> toString) {
        smallest[0] = value;
      }

      @Override
      public void valuesExhausted(int examples) {
        // A small domain may run out of distinct values before `tries`; that is not a failure.
      }
    };
    qt().withFixedSeed(seed).withExamples(maxDraws).withShrinkCycles(shrinkCycles)
        .withReporter(capture)
        .forAll(gen)
        .check(values -> {
          if (error[0] != null) {
            return true; // stop evaluating; the error is rethrown below
          }
          if (!refuted[0] && counted[0] >= wanted) {
            return true; // enough distinct settings: the remaining draws are not evaluated
          }
          try {
            Setting s = domain.build(values);
            R r = seen.get(s);
            if (r == null) {
              r = evaluate.apply(s);
              seen.put(s, r);
              if (refuted[0]) {
                shrinkEvaluations[0]++;
              } else {
                trials.add(new Trial<>(s, r));
                counted[0] += counts.test(r) ? 1 : 0;
              }
            }
            boolean bad = refutes.test(r);
            refuted[0] |= bad;
            return !bad;
          } catch (RuntimeException e) {
            // An exception is not a refutation (QuickTheories would shrink it as one): it is
            // a bug or bad input, and must reach the caller.
            error[0] = e;
            return true;
          }
        });
    if (error[0] != null) {
      throw error[0];
    }
    Trial<R> smallestTrial = null;
    if (smallest[0] != null) {
      Setting s = domain.build((int[]) smallest[0]);
      smallestTrial = new Trial<>(s, seen.get(s));
    }
    return new Search<>(trials, smallestTrial, shrinkEvaluations[0]);
  }

  private static int[] append(int[] values, int v) {
    int[] out = Arrays.copyOf(values, values.length + 1);
    out[values.length] = v;
    return out;
  }
}
