/*
 * Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no option for the address
 * it binds (its Jetty connector listens on every interface), so this launcher does what its own
 * ServerRunner.main does — parse the same command line, create the server, start it — and sets
 * the connector's host to loopback in between. Reflection only, so it compiles against java.base
 * alone and runs on any Java 17+ with DynamoDBLocal.jar on the class path.
 *
 * Rebuild the committed .class after editing (any JDK 17+):
 *   javac --release 17 -d local/servers/dynamodb-loopback local/servers/dynamodb-loopback/LoopbackDynamoDbLocal.java
 */
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;

public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    try {
      Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
      Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
      Field field = proxy.getClass().getDeclaredField("server");
      field.setAccessible(true);
      Object server = field.get(proxy);
      Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
      if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local created no connector to bind");
      for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
      // As ServerRunner.main does before starting; telemetry off (nothing leaves this machine).
      Class.forName("software.amazon.dynamodb.services.local.monitoring.Telemetry")
          .getMethod("configureTelemetry", String.class, String.class, boolean.class)
          .invoke(null, "cx-loop", "local", false);
      proxy.getClass().getMethod("start").invoke(proxy);
    } catch (InvocationTargetException e) {
      fail(e.getCause());
    } catch (Exception e) {
      fail(e);
    }
  }

  /** One line on stderr and a non-zero exit: the Node side reports it (a busy port, say). */
  private static void fail(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    System.err.println("DynamoDB Local failed to start: " + root);
    System.exit(1);
  }
}
