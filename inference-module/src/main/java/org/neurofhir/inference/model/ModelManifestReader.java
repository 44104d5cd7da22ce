package org.neurofhir.inference.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.TumourRegion;

/** Reads, validates and writes {@code model.json}; every inconsistency is reported with the field at fault. */
public final class ModelManifestReader {

    static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ModelManifest read(Path manifestFile) {
        ModelManifest m;
        try {
            m = json.readValue(Files.readAllBytes(manifestFile), ModelManifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot read model manifest " + manifestFile + ": " + rootMessage(e), e);
        }
        validate(m, manifestFile.toString());
        return m;
    }

    public void write(ModelManifest manifest, Path manifestFile) throws IOException {
        validate(manifest, manifestFile.toString());
        Files.write(manifestFile, json.writeValueAsBytes(manifest));
    }

    public void validate(ModelManifest m, String where) {
        if (m == null) {
            throw invalid(where, "file is empty");
        }
        if (m.id() == null || !MODEL_ID.matcher(m.id()).matches()) {
            throw invalid(where, "id must be 1-64 letters, digits, '.', '_' or '-', got '" + m.id() + "'");
        }
        ModelInput in = m.input();
        if (in == null) {
            throw invalid(where, "input is missing");
        }
        if (in.height() < 8 || in.height() > 1024 || in.width() < 8 || in.width() > 1024) {
            throw invalid(where, "input height and width must be 8..1024, got " + in.height() + "×" + in.width());
        }
        if (in.channels().isEmpty()) {
            throw invalid(where, "input.channels must list the sequence feeding each channel");
        }
        if (new HashSet<Sequence>(in.channels()).size() != in.channels().size()) {
            throw invalid(where, "input.channels lists a sequence twice: " + in.channels());
        }
        if (m.output() == null) {
            throw invalid(where, "output is missing");
        }
        if (m.classes().size() < 2) {
            throw invalid(where, "classes must list at least background and one tumour region");
        }
        Set<Integer> indices = new HashSet<>();
        Set<Integer> labels = new HashSet<>();
        Set<String> regions = new HashSet<>();
        int backgrounds = 0;
        for (OutputClass c : m.classes()) {
            if (c.index() < 0 || c.index() >= m.classes().size() || !indices.add(c.index())) {
                throw invalid(where, "class indices must be 0.." + (m.classes().size() - 1) + " each once, got " + c.index());
            }
            if (c.label() < 0 || c.label() > 255 || !labels.add(c.label())) {
                throw invalid(where, "class labels must be distinct values 0..255, got " + c.label());
            }
            if (c.colour() == null || !COLOUR.matcher(c.colour()).matches()) {
                throw invalid(where, "class " + c.index() + " colour must be #RRGGBB, got '" + c.colour() + "'");
            }
            if (c.isBackground()) {
                backgrounds++;
                continue;
            }
            TumourRegion region;
            try {
                region = TumourRegion.fromCode(c.region());
            } catch (IllegalArgumentException e) {
                throw invalid(where, "class " + c.index() + ": " + e.getMessage());
            }
            if (region.isComposite() || !regions.add(c.region())) {
                throw invalid(where, "class " + c.index() + " region must be a distinct sub-region (necrotic-core, oedema, enhancing-tumour)");
            }
            if (region.bratsLabels()[0] != c.label()) {
                throw invalid(where, "class " + c.index() + " (" + c.region() + ") must map to BraTS label "
                        + region.bratsLabels()[0] + ", got " + c.label());
            }
        }
        if (backgrounds != 1) {
            throw invalid(where, "exactly one class must be background (region null or \"background\")");
        }
        if (m.batchSize() < 1 || m.batchSize() > 256) {
            throw invalid(where, "batchSize must be 1..256, got " + m.batchSize());
        }
    }

    private static ModelLoadException invalid(String where, String why) {
        return new ModelLoadException("invalid model manifest " + where + ": " + why);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
