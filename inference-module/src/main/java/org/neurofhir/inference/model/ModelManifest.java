package org.neurofhir.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The {@code model.json} beside a SavedModel: everything the runtime needs to feed the model and to turn its
 * output into labelled regions, plus what a reader of a report needs to judge it (intended use, training data,
 * measured metrics).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String id,
        String version,
        String description,
        String signature,
        ModelInput input,
        ModelOutput output,
        List<OutputClass> classes,
        Boolean largestConnectedComponent,
        Integer batchSize,
        String intendedUse,
        String trainingData,
        Map<String, Double> metrics) {

    public ModelManifest {
        signature = signature == null ? "serving_default" : signature;
        classes = classes == null ? List.of() : List.copyOf(classes);
        largestConnectedComponent = largestConnectedComponent != null && largestConnectedComponent;
        batchSize = batchSize == null ? 8 : batchSize;
        // Insertion order kept so model.json stays readable and diffs stay small.
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public int classCount() {
        return classes.size();
    }

    /** The class for tensor channel {@code index}. */
    public OutputClass classAt(int index) {
        for (OutputClass c : classes) {
            if (c.index() == index) {
                return c;
            }
        }
        throw new IllegalArgumentException("no class with index " + index);
    }
}
