package org.neurofhir.inference.segmentation;

import org.neurofhir.inference.volume.VolumeGrid;

/** Keeps the largest 6-connected tumour component (any non-zero label); removes speckle false positives. */
final class LargestComponentFilter {
    private LargestComponentFilter() {
    }

    static void keepLargest(byte[] labels, VolumeGrid g) {
        int n = labels.length;
        int[] component = new int[n];
        int[] queue = new int[n];
        int best = 0;
        int bestSize = 0;
        int next = 0;
        int nx = g.nx();
        int slice = g.sliceSize();
        for (int seed = 0; seed < n; seed++) {
            if (labels[seed] == 0 || component[seed] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            component[seed] = next;
            while (head < tail) {
                int v = queue[head++];
                int i = v % nx;
                int j = (v / nx) % g.ny();
                int k = v / slice;
                if (i > 0) tail = visit(labels, component, queue, tail, v - 1, next);
                if (i < nx - 1) tail = visit(labels, component, queue, tail, v + 1, next);
                if (j > 0) tail = visit(labels, component, queue, tail, v - nx, next);
                if (j < g.ny() - 1) tail = visit(labels, component, queue, tail, v + nx, next);
                if (k > 0) tail = visit(labels, component, queue, tail, v - slice, next);
                if (k < g.nz() - 1) tail = visit(labels, component, queue, tail, v + slice, next);
            }
            if (tail > bestSize) {
                bestSize = tail;
                best = next;
            }
        }
        for (int v = 0; v < n; v++) {
            if (labels[v] != 0 && component[v] != best) {
                labels[v] = 0;
            }
        }
    }

    private static int visit(byte[] labels, int[] component, int[] queue, int tail, int v, int id) {
        if (labels[v] != 0 && component[v] == 0) {
            component[v] = id;
            queue[tail++] = v;
        }
        return tail;
    }
}
