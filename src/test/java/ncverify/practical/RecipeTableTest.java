package ncverify.practical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's recipe table is the generated one ({@link RecipeTable}, from the {@link Recipe} objects
 * and {@link EffectiveLambdas}): one source of truth. To update README after changing a recipe,
 * paste the output of {@code practical --list-recipes} between the markers.
 */
class RecipeTableTest {
  @Test
  void readmeHoldsTheTableGeneratedFromTheRecipes() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String copy = RecipeTable.between(readme);
    assertNotNull(copy, "README.md lacks the markers " + RecipeTable.BEGIN + " … " + RecipeTable.END);
    assertEquals(RecipeTable.markdownAll().strip(), copy,
        "README's recipe table differs from `practical --list-recipes`");
  }

  /** The table carries the derived values, so a recipe change reaches it (negative control). */
  @Test
  void theTableShowsTheDerivedEffectiveLambdasAndSetting() {
    Recipe r = Recipe.P2_FMNIST;
    String table = RecipeTable.markdown(r);
    EffectiveLambdas e = EffectiveLambdas.fromPaperCode(0.5, 1e-4, 1e-5, 256, 3000);
    assertTrue(table.contains("λ_H,eff = fd·b/(c·N) = "
        + ncverify.problem.Setting.formatNumber(e.lambdaH())), table);
    assertTrue(table.contains("`loss=ce bias=none features=nonneg n=100,100,200,200,300,300,400,400,"
        + "500,500 d=128 M=1 lambdaW=2e-4 lambdaH="), table);
    Recipe changed = new Recipe(r.name(), r.source(), r.loss(), r.dataScale(), r.dataScaleReason(),
        2 * r.weightDecay(), r.featureDecay(), r.paperCounts(), r.paperBatch(), r.paperWidth(),
        r.paperReluLayers(), r.paperEpochs(), r.paperLr(), r.schedule(), r.shuffle(), r.headBias(),
        r.featureLayer(), r.cpuPerClassScale(), r.cpuWidths(), r.cpuEpochs(), r.cpuLr(),
        r.cpuBatch());
    String other = RecipeTable.markdown(changed);
    assertTrue(other.contains("λ_W,eff = wd/c = 4e-4") && !other.equals(table), other);
  }
}
