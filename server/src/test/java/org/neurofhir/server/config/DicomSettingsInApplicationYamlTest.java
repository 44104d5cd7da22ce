package org.neurofhir.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.neurofhir.dicom.config.DicomGatewayProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * application.yaml is where a deployer looks up the DICOM settings: it must name every
 * {@code neurofhir.dicom.*} setting, and what it lists must be what the code uses when nothing is set.
 */
class DicomSettingsInApplicationYamlTest {
  @Test
  void listsEveryDicomSettingWithTheDefaultTheCodeUses() throws Exception {
    List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));

    // Keys as written (Spring drops an empty map such as `sequence-rules: {}` from the property source).
    Map<String, Object> dicom;
    try (InputStream in = new ClassPathResource("application.yaml").getInputStream()) {
      Map<String, Map<String, Map<String, Object>>> root = new Yaml().load(in);
      dicom = root.get("neurofhir").get("dicom");
    }
    Set<String> listed = dicom.keySet();
    Set<String> settings = Arrays.stream(DicomGatewayProperties.class.getRecordComponents())
        .map(RecordComponent::getName)
        .map(name -> name.replaceAll("([A-Z])", "-$1").toLowerCase())
        .collect(Collectors.toSet());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(settings);

    DicomGatewayProperties fromYaml = new Binder(ConfigurationPropertySources.from(yaml))
        .bindOrCreate("neurofhir.dicom", DicomGatewayProperties.class);
    DicomGatewayProperties codeDefaults = new Binder(ConfigurationPropertySources.from(List.<PropertySource<?>>of()))
        .bindOrCreate("neurofhir.dicom", DicomGatewayProperties.class);
    assertThat(fromYaml).isEqualTo(codeDefaults);
  }
}
