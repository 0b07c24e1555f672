package ncverify.cli;

/**
 * JVM-wide settings for ND4J's native memory, applied before ND4J is first touched.
 * ND4J frees off-heap memory only when the GC runs; without a cap it grew to 3.3 GB in long runs
 * (shared/STACK.md). A user-supplied -D value wins.
 */
final class NativeSetup {
  private NativeSetup() {}

  static void configure() {
    setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", "3G");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
