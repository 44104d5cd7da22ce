package org.neurofhir.dicom;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.neurofhir.dicom.mapping.SequenceTypeClassifier;
import org.neurofhir.dicom.scp.AcceptedSopClasses;
import org.neurofhir.dicom.scp.InboundInstanceHandler;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.neurofhir.dicom.series.SeriesCompletionTracker;
import org.neurofhir.dicom.store.IndexReconciler;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedStorageScp;
import org.neurofhir.dicom.toolkit.StorageScpServer;
import org.neurofhir.dicom.toolkit.StorageScpSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import com.zaxxer.hikari.HikariDataSource;

/** A real gateway (H2 index migrated by our Liquibase changelog, file store, SCP on an ephemeral port). */
public final class GatewayFixture implements AutoCloseable {
  public static final String AE = "NEUROFHIR";

  public final Path root;
  public final InstanceIndex index;
  public final InstanceStore store;
  public final SeriesCompletionTracker tracker;
  public final StorageScpServer scp;
  /** What the start-up reconciliation found (it runs before the SCP listens, as in the server). */
  public final IndexReconciler.Report reconciliation;
  public final JdbcTemplate jdbc;
  public final BlockingQueue<SeriesCompleteEvent> events = new LinkedBlockingQueue<>();
  private final HikariDataSource dataSource;

  public GatewayFixture(Path root, Set<String> allowedCallingAes, Duration quietPeriod) throws Exception {
    this(root, allowedCallingAes, quietPeriod, true);
  }

  public GatewayFixture(Path root, Set<String> allowedCallingAes, Duration quietPeriod, boolean fsync) throws Exception {
    this(root, allowedCallingAes, quietPeriod, fsync, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** {@code jdbcUrl}: the index database; pooled as in the server, so a file URL measures what the server does. */
  public GatewayFixture(Path root, Set<String> allowedCallingAes, Duration quietPeriod, boolean fsync, String jdbcUrl)
      throws Exception {
    this(root, allowedCallingAes, quietPeriod, fsync, jdbcUrl, 0);
  }

  /** {@code port}: 0 for an ephemeral one; a fixed port only inside a private network namespace. */
  public GatewayFixture(Path root, Set<String> allowedCallingAes, Duration quietPeriod, boolean fsync, String jdbcUrl, int port)
      throws Exception {
    this.root = root;
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(jdbcUrl);
    dataSource.setMaximumPoolSize(4);
    DataSource ds = dataSource;
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(ds);
    liquibase.setChangeLog("classpath:db/changelog/dicom-gateway.yaml");
    liquibase.afterPropertiesSet();
    jdbc = new JdbcTemplate(ds);
    index = new InstanceIndex(jdbc);
    store = new InstanceStore(root.resolve("store"), index, fsync, Clock.systemUTC());
    reconciliation = new IndexReconciler(store, index, new PixelmedFileReader()).reconcile();
    tracker = new SeriesCompletionTracker(quietPeriod, e -> events.add((SeriesCompleteEvent) e), index, store,
        SequenceTypeClassifier.builtIn(), Clock.systemUTC());
    scp = PixelmedStorageScp.FACTORY.start(new StorageScpSettings(AE, InetAddress.getLoopbackAddress(), port,
        allowedCallingAes, 4, 65536, AcceptedSopClasses.ALL.keySet(), store.stagingDirectory()),
        new InboundInstanceHandler(new PixelmedFileReader(), store, tracker));
  }

  public int port() {
    return scp.port();
  }

  /** Files under the store, staging folder included. */
  public long storedFileCount() throws IOException {
    try (Stream<Path> s = Files.walk(store.root())) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  public long stagedFileCount() throws IOException {
    if (!Files.isDirectory(store.stagingDirectory())) return 0;
    try (Stream<Path> s = Files.list(store.stagingDirectory())) {
      return s.count();
    }
  }

  @Override
  public void close() throws Exception {
    scp.close();
    tracker.close();
    dataSource.close();
  }
}
