package ncverify.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import ncverify.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassSubsetTest {
  @TempDir Path dir;

  @Test
  void p2StepProfileIsThePapersProfile() {
    assertArrayEquals(new int[] {100, 100, 200, 200, 300, 300, 400, 400, 500, 500},
        ClassSubset.p2Step(10));
  }

  @Test
  void choosesExactCountsClassByClassDeterministically() {
    SyntheticImages.write(dir, 10, 20, 5);
    LabelledImages data = FashionMnist.loadTrain(dir);
    assertEquals(10, data.classes());
    int[] counts = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    ClassSubset a = ClassSubset.choose("p2-step", data, counts, 42);
    ClassSubset b = ClassSubset.choose("p2-step", data, counts, 42);
    ClassSubset c = ClassSubset.choose("p2-step", data, counts, 43);
    assertArrayEquals(a.indices(), b.indices());
    assertFalse(Arrays.equals(a.indices(), c.indices()), "a different seed picks other images");
    LabelledImages sub = data.select(a.indices());
    assertArrayEquals(counts, sub.classCounts());
    for (int i = 1; i < sub.count(); i++) {
      assertTrue(sub.labels()[i - 1] <= sub.labels()[i], "ordered class by class");
    }
    assertEquals(Arrays.stream(a.indices()).distinct().count(), a.indices().length, "no repeats");
  }

  @Test
  void tooFewImagesIsAUserError() {
    SyntheticImages.write(dir, 10, 20, 5);
    LabelledImages data = FashionMnist.loadTrain(dir);
    InvalidInput e = assertThrows(InvalidInput.class,
        () -> ClassSubset.choose("balanced", data, ClassSubset.balanced(10, 21), 1));
    assertTrue(e.getMessage().contains("only 20"), e.getMessage());
  }
}
