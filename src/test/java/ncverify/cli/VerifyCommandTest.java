package ncverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.claim.catalog.Catalogue;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/** The claims and verify commands: listing, one-setting reproduction, and bad input. */
class VerifyCommandTest {
  @Test
  void claimsListsEveryClaimWithSourceStatusAndDomain() {
    CliRun r = CliRun.of("claims");
    assertEquals(0, r.code());
    Catalogue.all().forEach(c -> {
      assertTrue(r.out().contains(c.id() + "  [" + c.status() + "]"), c.id());
      assertTrue(r.out().contains(c.source()), c.id());
    });
  }

  @Test
  void oneSettingReproducesTheKnownRefutationAndPrintsTheReproductionCommand() {
    String setting = "loss=ce bias=none features=free n=1,1,1,1 d=4 M=2 "
        + "lambdaW=0.12840142610478428 lambdaH=0.12840142610478428";
    CliRun r = CliRun.of("verify", "--claim", "p1-ce-balanced-deep", "--setting", setting, "--seed", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("REFUTED"), r.out());
    assertTrue(r.out().contains("--claim p1-ce-balanced-deep --setting '" + setting + "' --seed 1"),
        r.out());
    CliRun gated = CliRun.of("verify", "--claim", "p1-ce-balanced-deep", "--setting", setting,
        "--fail-on", "refuted");
    assertEquals(1, gated.code(), "--fail-on refuted turns a refutation into exit 1");
  }

  @Test
  void aVerifiedSettingIsVerified() {
    CliRun r = CliRun.of("verify", "--claim", "p2-ce-relu-imbalanced", "--setting",
        "loss=ce bias=none features=nonneg n=30,10,5 d=3 M=1 lambdaW=5e-3 lambdaH=5e-3");
    assertTrue(r.out().startsWith("VERIFIED"), r.out());
    // stderr is no terminal here: progress, if any, is plain text (the bar drew '\r' redraws at once)
    assertEquals(-1, r.err().indexOf('\u001b'), r.err());
    assertEquals(-1, r.err().indexOf('\r'), r.err());
  }

  @Test
  void badInputExitsTwoWithAMessage() {
    assertEquals(2, CliRun.of("verify", "--claim", "no-such-claim").code());
    assertEquals(2, CliRun.of("verify", "--tries", "0").code());
    assertEquals(2, CliRun.of("verify", "--setting", "loss=mse").code(), "--setting needs one --claim");
    CliRun bad = CliRun.of("verify", "--claim", "p1-mse-balanced-deep", "--setting", "loss=mse n=1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("setting key") && !bad.err().contains("Exception"), bad.err());
  }

  /** Issue 11, failing input 7: a setting outside the claim's domain is refused, not judged. */
  @Test
  void aSettingOutsideTheClaimsDomainExitsTwoNamingTheClaimTheKeyAndTheRule() {
    CliRun r = CliRun.of("verify", "--claim", "p1-mse-balanced-deep", "--setting",
        "loss=ce bias=none features=free n=5,3,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("p1-mse-balanced-deep") && r.err().contains("setting key 'loss'")
        && r.err().contains("loss=mse"), r.err());
    CliRun unbalanced = CliRun.of("verify", "--claim", "p1-mse-balanced-deep", "--setting",
        "loss=mse bias=none features=free n=5,3,2 d=3 M=1 lambdaW=0.01 lambdaH=0.01");
    assertEquals(2, unbalanced.code(), unbalanced.out());
    assertTrue(unbalanced.err().contains("setting key 'n'"), unbalanced.err());
  }

  /** A width below what the claim's theory covers names d, not a regulariser. */
  @Test
  void aTooNarrowWidthNamesTheWidthKey() {
    CliRun narrow = CliRun.of("verify", "--claim", "zhu-ce-balanced-narrow", "--setting",
        "loss=ce bias=none features=free n=2,2,2,2 d=2 M=1 lambdaW=0.01 lambdaH=0.01", "--no-report");
    assertEquals(2, narrow.code(), narrow.out() + narrow.err());
    assertTrue(narrow.err().contains("setting key 'd'") && narrow.err().contains("K = 4"), narrow.err());
    // control: a zero regulariser is still named as such
    CliRun zero = CliRun.of("verify", "--claim", "zhu-ce-balanced-narrow", "--setting",
        "loss=ce bias=none features=free n=2,2,2,2 d=3 M=1 lambdaW=0.01 lambdaH=0", "--no-report");
    assertEquals(2, zero.code(), zero.out() + zero.err());
    assertTrue(zero.err().contains("setting key 'lambdaH'"), zero.err());
  }

  @Test
  void theoremClaimsRefuseSettingsOutsideTheirHypotheses() {
    CliRun shallow = CliRun.of("verify", "--claim", "garrod-keating-deep-ce-etf-not-global", "--setting",
        "loss=ce bias=none features=free n=1,1,1,1 d=4 M=1 lambdaW=0.05 lambdaH=0.05", "--no-report");
    assertEquals(2, shallow.code(), shallow.out() + shallow.err());
    CliRun untied = CliRun.of("verify", "--claim", "garrod-keating-deep-ce-etf-not-global", "--setting",
        "loss=ce bias=none features=free n=1,1,1,1 d=4 M=3 lambdaW=0.05 lambdaH=0.01", "--no-report");
    assertEquals(2, untied.code(), untied.out() + untied.err());
    assertTrue(untied.err().contains("'lambdaW'"), untied.err());
    CliRun tenClasses = CliRun.of("verify", "--claim", "sukenik-binary-deep-ce", "--setting",
        "loss=ce bias=none features=free n=1,1,1 d=3 M=2 lambdaW=0.05 lambdaH=0.05", "--no-report");
    assertEquals(2, tenClasses.code(), tenClasses.out() + tenClasses.err());
    assertTrue(tenClasses.err().contains("K = 2"), tenClasses.err());
  }

  /**
   * User pass: a claim about deep heads (p1-ce-balanced-deep: "for M ≥ 2"; the deep regularised
   * bias conjecture: M = 2, 3) does not judge M = 1 settings, which its statement says nothing
   * about (they have their own M = 1 claims).
   */
  @Test
  void deepClaimsRefuseASingleLayer() {
    for (String[] c : new String[][] {
        {"p1-ce-balanced-deep", "loss=ce bias=none features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01"},
        {"mse-regularized-bias-deep", "loss=mse bias=regularized lambdaB=0.05 features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01"}}) {
      CliRun r = CliRun.of("verify", "--claim", c[0], "--setting", c[1], "--no-report");
      assertEquals(2, r.code(), r.out() + r.err());
      assertTrue(r.err().contains("setting key 'M'") && r.err().contains("M >= 2")
          && r.err().contains(c[0]), r.err());
      // control: the same claim takes M = 2 (its domain's rule, not a blanket refusal)
      assertTrue(Catalogue.byId(c[0]).orElseThrow()
          .outsideDomain(Setting.parse(c[1].replace("M=1", "M=2"))).isEmpty(), c[0]);
    }
  }

  /** User pass: a user's claims.md in --report-dir is refused before any work, not replaced. */
  @Test
  void aUsersFileInTheReportFolderIsNotReplaced(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    java.nio.file.Files.writeString(tmp.resolve("claims.md"), "precious");
    CliRun r = CliRun.of("verify", "--claim", "zhu-ce-balanced-ufm", "--tries", "1",
        "--report-dir", tmp.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--report-dir") && r.err().contains("claims.md"), r.err());
    assertTrue(r.out().isEmpty(), "refused before judging: " + r.out());
    assertEquals("precious", java.nio.file.Files.readString(tmp.resolve("claims.md")));
    String setting = "loss=mse bias=none features=free n=2,1 d=2 M=1 lambdaW=x lambdaH=x";
    java.nio.file.Path other = java.nio.file.Files.createDirectories(tmp.resolve("other"));
    java.nio.file.Files.writeString(other.resolve("sweep.svg"), "my plot");
    CliRun sweep = CliRun.of("sweep", "--predict", "--setting", setting, "--vary", "lambda=1e-2..1",
        "--points", "2", "--report-dir", other.toString());
    assertEquals(2, sweep.code(), sweep.out() + sweep.err());
    assertEquals("my plot", java.nio.file.Files.readString(other.resolve("sweep.svg")));
    // control: the folder with the user's claims.md takes a sweep (other names), claims.md kept
    CliRun sweep2 = CliRun.of("sweep", "--predict", "--setting", setting, "--vary", "lambda=1e-2..1",
        "--points", "2", "--report-dir", tmp.toString());
    assertEquals(0, sweep2.code(), sweep2.err());
    assertTrue(java.nio.file.Files.exists(tmp.resolve("sweep.svg")));
    assertEquals("precious", java.nio.file.Files.readString(tmp.resolve("claims.md")));
  }

  /**
   * Run outside the repository root, verify wrote every report entry as "no proof file": it now
   * refuses a report (exit 2 naming the proof file and the directory) before any work. The working
   * directory of the test is the repository root (the control: every proof file is found there).
   */
  @Test
  void aReportNeedsTheProofFilesWhereTheyAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) {
    java.util.List<ncverify.claim.Claim> all = new java.util.ArrayList<>(Catalogue.all());
    ncverify.core.InvalidInput e = org.junit.jupiter.api.Assertions.assertThrows(
        ncverify.core.InvalidInput.class, () -> VerifyCommand.requireProofFiles(all, elsewhere));
    assertEquals(all.get(0).proofFile(), e.place());
    assertTrue(e.rule().contains(elsewhere.toAbsolutePath().normalize().toString()), e.rule());
    assertTrue(e.rule().contains("repository root"), e.rule());
    VerifyCommand.requireProofFiles(all, java.nio.file.Path.of("")); // control: found from the root
  }
}
