package org.neurofhir.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Models by id from a models directory ({@code <dir>/<id>/model.json} + SavedModel). Each model is loaded once,
 * on first use, and shared; {@code maxConcurrentPerModel} bounds how many inference batches run on it at once.
 */
public final class ModelRegistry implements AutoCloseable {

    /** System property, then environment variable, naming the models directory. */
    public static final String MODELS_DIR_PROPERTY = "neurofhir.models.dir";
    public static final String MODELS_DIR_ENV = "NEUROFHIR_MODELS_DIR";

    private final Path modelsDir;
    private final int maxConcurrentPerModel;
    private final ModelManifestReader manifests = new ModelManifestReader();
    private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();

    public ModelRegistry(Path modelsDir, int maxConcurrentPerModel) {
        if (modelsDir == null || !Files.isDirectory(modelsDir)) {
            throw new ModelLoadException("models directory " + modelsDir + " does not exist");
        }
        if (maxConcurrentPerModel < 1) {
            throw new IllegalArgumentException("maxConcurrentPerModel must be at least 1");
        }
        this.modelsDir = modelsDir.toAbsolutePath().normalize();
        this.maxConcurrentPerModel = maxConcurrentPerModel;
    }

    /** Registry over {@link #defaultModelsDirectory()}, at most 2 concurrent batches per model (our 2-core hosts). */
    public static ModelRegistry withDefaults() {
        return new ModelRegistry(defaultModelsDirectory(), 2);
    }

    /**
     * {@value #MODELS_DIR_PROPERTY} if set, else {@value #MODELS_DIR_ENV}, else the first {@code models/} folder
     * found walking up from the working directory (the repository's {@code models/}).
     */
    public static Path defaultModelsDirectory() {
        return configuredModelsDirectory()
                .or(() -> nearestModelsDirectory(Path.of("")))
                .orElseThrow(() -> new ModelLoadException(
                        "no models directory: set -D" + MODELS_DIR_PROPERTY + " or " + MODELS_DIR_ENV));
    }

    /** The directory named by {@value #MODELS_DIR_PROPERTY}, else by {@value #MODELS_DIR_ENV}, if either is set. */
    public static Optional<Path> configuredModelsDirectory() {
        String configured = System.getProperty(MODELS_DIR_PROPERTY, System.getenv(MODELS_DIR_ENV));
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(Path.of(configured));
    }

    /** The first {@code models/} folder in {@code from} or a folder above it. */
    public static Optional<Path> nearestModelsDirectory(Path from) {
        for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("models"))) {
                return Optional.of(p.resolve("models"));
            }
        }
        return Optional.empty();
    }

    /** The loaded model for {@code id}, loading it on first call. */
    public LoadedModel get(String id) {
        Path dir = directoryOf(id);
        return loaded.computeIfAbsent(id, k -> LoadedModel.load(readManifest(k, dir), dir, maxConcurrentPerModel));
    }

    /** Reads and validates the manifest without loading TensorFlow. */
    public ModelManifest manifest(String id) {
        return readManifest(id, directoryOf(id));
    }

    /** Ids of every sub-folder holding a model.json. */
    public List<String> availableIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(modelsDir)) {
            s.filter(p -> Files.isRegularFile(p.resolve("model.json")))
                    .map(p -> p.getFileName().toString()).sorted().forEach(ids::add);
        } catch (IOException e) {
            throw new ModelLoadException("cannot list models directory " + modelsDir + ": " + e.getMessage(), e);
        }
        return ids;
    }

    public Path modelsDirectory() {
        return modelsDir;
    }

    private Path directoryOf(String id) {
        if (id == null || !ModelManifestReader.MODEL_ID.matcher(id).matches()) {
            throw new ModelLoadException("invalid model id '" + id + "'");
        }
        Path dir = modelsDir.resolve(id);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new ModelLoadException("unknown model '" + id + "': no " + dir.resolve("model.json")
                    + " (available: " + availableIds() + ")");
        }
        return dir;
    }

    private ModelManifest readManifest(String id, Path dir) {
        ModelManifest m = manifests.read(dir.resolve("model.json"));
        if (!m.id().equals(id)) {
            throw new ModelLoadException("model folder '" + id + "' holds a manifest with id '" + m.id() + "'");
        }
        return m;
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
        loaded.clear();
    }
}
