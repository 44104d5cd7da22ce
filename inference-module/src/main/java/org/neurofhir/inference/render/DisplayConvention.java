package org.neurofhir.inference.render;

/** Which side of an axial image the patient's right is drawn on. */
public enum DisplayConvention {
    /** Patient's right on the viewer's left, as if facing the patient (radiology's default). */
    RADIOLOGICAL("radiological: patient's right on image left"),
    /** Patient's right on the viewer's right, as if looking down from above the head. */
    NEUROLOGICAL("neurological: patient's right on image right");

    private final String description;

    DisplayConvention(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
