package ncverify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing {@code --shard I/N}, round-robin ownership, and Slurm's array variables. */
class ShardTest {
  @Test
  void parsesIOverN() {
    assertEquals(new Shard(3, 8), Shard.parse("--shard", "3/8"));
    assertEquals(new Shard(1, 1), Shard.parse("--shard", " 1/1 "));
    assertEquals(new Shard(10_000, 10_000), Shard.parse("--shard", "10000/10000"));
    assertEquals("3/8", Shard.parse("--shard", "3/8").toString());
  }

  @Test
  void badShardsNameTheFlag() {
    for (String bad : new String[] {"", "3", "0/2", "3/2", "1/0", "1/10001", "-1/2", "1/2/3", "a/2",
        "1.5/2", "1/", "/2", "٣/8", "3 / 8x"}) {
      InvalidInput e = assertThrows(InvalidInput.class, () -> Shard.parse("--shard", bad), bad);
      assertTrue(e.place().startsWith("--shard"), bad + " -> " + e.getMessage());
    }
  }

  @Test
  void theShardsOwnEveryUnitExactlyOnce() {
    for (int n = 1; n <= 7; n++) {
      for (long unit = 0; unit < 50; unit++) {
        int owners = 0;
        for (int i = 1; i <= n; i++) {
          if (new Shard(i, n).owns(unit)) {
            owners++;
          }
        }
        assertEquals(1, owners, "unit " + unit + " of " + n + " shards");
      }
    }
  }

  @Test
  void ownershipIsRoundRobin() {
    Shard s = new Shard(2, 3);
    assertFalse(s.owns(0));
    assertTrue(s.owns(1));
    assertFalse(s.owns(2));
    assertTrue(s.owns(4));
    assertTrue(Shard.WHOLE.owns(123));
    assertThrows(IllegalArgumentException.class, () -> s.owns(-1));
  }

  @Test
  void noArrayTaskMeansNoShard() {
    assertEquals(Optional.empty(), Shard.fromEnvironment(Map.of()));
    assertEquals(Optional.empty(), Shard.fromEnvironment(Map.of("SLURM_JOB_ID", "7")));
  }

  @Test
  void slurmArraysMapToShards() {
    // --array=1-8: ids 1..8 are shards 1/8..8/8
    assertEquals(new Shard(1, 8), Shard.fromEnvironment(env("1", "1", "8", "8", null)).orElseThrow());
    assertEquals(new Shard(8, 8), Shard.fromEnvironment(env("8", "1", "8", "8", null)).orElseThrow());
    // --array=0-7 without COUNT
    assertEquals(new Shard(4, 8), Shard.fromEnvironment(env("3", "0", "7", null, null)).orElseThrow());
    // --array=0-30:10
    assertEquals(new Shard(3, 4), Shard.fromEnvironment(env("20", "0", "30", "4", "10")).orElseThrow());
    // a single task
    assertEquals(new Shard(1, 1), Shard.fromEnvironment(env("5", "5", "5", "1", null)).orElseThrow());
  }

  @Test
  void badSlurmValuesNameTheVariable() {
    assertPlace("SLURM_ARRAY_TASK_ID", env("x", "1", "8", "8", null));
    assertPlace("SLURM_ARRAY_TASK_ID", env("9", "1", "8", "8", null));
    assertPlace("SLURM_ARRAY_TASK_ID", env("0", "1", "8", "8", null));
    assertPlace("SLURM_ARRAY_TASK_MIN", env("1", null, "8", "8", null));
    assertPlace("SLURM_ARRAY_TASK_MIN", env("1", "-1", "8", "8", null));
    assertPlace("SLURM_ARRAY_TASK_MAX", env("1", "1", null, "8", null));
    assertPlace("SLURM_ARRAY_TASK_MAX", env("3", "3", "2", null, null));
    // --array=1,5,9: COUNT 3 disagrees with the range 1..9
    assertPlace("SLURM_ARRAY_TASK_COUNT", env("5", "1", "9", "3", null));
    assertPlace("SLURM_ARRAY_TASK_COUNT", env("1", "1", "8", "eight", null));
    assertPlace("SLURM_ARRAY_TASK_COUNT", env("1", "1", "20000", null, null));
    assertPlace("SLURM_ARRAY_TASK_STEP", env("1", "1", "8", null, "0"));
    assertPlace("SLURM_ARRAY_TASK_ID", env("2", "0", "30", "4", "10"));
  }

  private static void assertPlace(String variable, Map<String, String> env) {
    InvalidInput e = assertThrows(InvalidInput.class, () -> Shard.fromEnvironment(env), env.toString());
    assertEquals(variable, e.place(), e.getMessage());
  }

  private static Map<String, String> env(String id, String min, String max, String count, String step) {
    Map<String, String> env = new HashMap<>();
    put(env, "SLURM_ARRAY_TASK_ID", id);
    put(env, "SLURM_ARRAY_TASK_MIN", min);
    put(env, "SLURM_ARRAY_TASK_MAX", max);
    put(env, "SLURM_ARRAY_TASK_COUNT", count);
    put(env, "SLURM_ARRAY_TASK_STEP", step);
    return env;
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }
}
