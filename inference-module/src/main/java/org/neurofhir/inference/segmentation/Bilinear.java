package org.neurofhir.inference.segmentation;

/** Bilinear sampling with edge clamping (pixel centres at integer coordinates). */
final class Bilinear {
    private Bilinear() {
    }

    /** Samples plane {@code src} (width w, height h, values {@code stride} apart starting at {@code offset}). */
    static float sample(float[] src, int w, int h, double fx, double fy, int stride, int offset) {
        double cx = Math.max(0, Math.min(w - 1, fx));
        double cy = Math.max(0, Math.min(h - 1, fy));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double ax = cx - x0;
        double ay = cy - y0;
        double top = src[offset + (y0 * w + x0) * stride] * (1 - ax) + src[offset + (y0 * w + x1) * stride] * ax;
        double bottom = src[offset + (y1 * w + x0) * stride] * (1 - ax) + src[offset + (y1 * w + x1) * stride] * ax;
        return (float) (top * (1 - ay) + bottom * ay);
    }
}
