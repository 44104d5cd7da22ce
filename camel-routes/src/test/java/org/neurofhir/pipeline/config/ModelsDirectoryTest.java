package org.neurofhir.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.inference.model.ModelRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Where the pipeline finds its model: a checkout's models/, else the copy shipped on the classpath. */
class ModelsDirectoryTest {

  @TempDir Path tmp;
  Path elsewhere;
  ClassLoader shipping;
  ClassLoader shippingNothing;

  @BeforeEach
  void classpaths() throws Exception {
    assumeTrue(ModelRegistry.configuredModelsDirectory().isEmpty(), "a models directory is configured for this JVM");
    elsewhere = Files.createDirectories(tmp.resolve("opt/somewhere"));
    Path classes = tmp.resolve("classes");
    write(classes.resolve(ShippedModels.LOCATION + "unet/model.json"), "{\"id\":\"unet\"}");
    write(classes.resolve(ShippedModels.LOCATION + "unet/variables/variables.index"), "index");
    shipping = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    shippingNothing = new URLClassLoader(new URL[] {Files.createDirectories(tmp.resolve("empty")).toUri().toURL()}, null);
  }

  @Test
  void startedOutsideACheckoutUsesTheModelShippedInTheJar() throws Exception {
    Path dir = PipelineAutoConfiguration.modelsDirectory(props("unet"), elsewhere, shipping);

    assertThat(dir.resolve("unet/model.json")).hasContent("{\"id\":\"unet\"}");
    assertThat(dir.resolve("unet/variables/variables.index")).hasContent("index");
  }

  @Test
  void startedInACheckoutUsesItsModelsFolder() throws Exception {
    write(tmp.resolve("opt/models/unet/model.json"), "{}");

    assertThat(PipelineAutoConfiguration.modelsDirectory(props("unet"), elsewhere, shipping))
        .isEqualTo(tmp.resolve("opt/models").toAbsolutePath());
  }

  @Test
  void aModelsFolderWithoutTheConfiguredModelIsPassedOver() throws Exception {
    write(tmp.resolve("opt/models/other/model.json"), "{}");

    assertThat(PipelineAutoConfiguration.modelsDirectory(props("unet"), elsewhere, shipping).resolve("unet/model.json"))
        .exists();
  }

  @Test
  void noModelAnywhereNamesTheSettings() {
    assertThatThrownBy(() -> PipelineAutoConfiguration.modelsDirectory(props("unet"), elsewhere, shippingNothing))
        .hasMessageContaining("neurofhir.pipeline.models-dir")
        .hasMessageContaining("neurofhir.pipeline.enabled=false");
  }

  @Test
  void aConfiguredDirectoryIsUsedAsItIs() {
    PipelineProperties p = bind(java.util.Map.of("neurofhir.pipeline.model-id", "unet",
        "neurofhir.pipeline.models-dir", "/srv/models"));

    assertThat(PipelineAutoConfiguration.modelsDirectory(p, elsewhere, shipping)).isEqualTo(Path.of("/srv/models"));
  }

  private static PipelineProperties props(String modelId) {
    return bind(java.util.Map.of("neurofhir.pipeline.model-id", modelId));
  }

  private static PipelineProperties bind(java.util.Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("neurofhir.pipeline", PipelineProperties.class);
  }

  private static void write(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
