package org.neurofhir.inference.model;

/** The signature output name and whether it holds probabilities (softmax) or raw logits. */
public record ModelOutput(String tensor, String activation) {
    public ModelOutput {
        activation = activation == null ? "softmax" : activation;
        if (!activation.equals("softmax") && !activation.equals("logits")) {
            throw new IllegalArgumentException("output activation must be 'softmax' or 'logits', got '" + activation + "'");
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isLogits() {
        return activation.equals("logits");
    }
}
