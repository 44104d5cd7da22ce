package org.neurofhir.inference.render;

import org.neurofhir.inference.volume.Affine;

/**
 * How voxel axes i (along a row) and j map to the screen for one convention, from the grid's affine: each voxel axis
 * is read as the patient axis it mostly runs along (R/L, A/P, S/I), so an oblique or flipped acquisition still gets
 * the right letters. Anterior is drawn at the top.
 *
 * @param flipI draw i decreasing from left to right
 * @param flipJ draw j decreasing from top to bottom
 * @param left letter on the image's left edge, likewise {@code right}, {@code top}, {@code bottom}
 */
record SliceOrientation(boolean flipI, boolean flipJ, char left, char right, char top, char bottom) {

    static SliceOrientation of(Affine affine, DisplayConvention convention) {
        char plusI = letter(affine, 0);
        char plusJ = letter(affine, 1);
        // screen right must show the patient's left (radiological) or right (neurological); rows along A/P stay as stored
        char wantedRight = convention == DisplayConvention.RADIOLOGICAL ? 'L' : 'R';
        boolean flipI = (plusI == 'R' || plusI == 'L') && plusI != wantedRight;
        char right = flipI ? opposite(plusI) : plusI;
        // +j running anteriorly is drawn upwards, i.e. j decreasing down the screen
        boolean flipJ = plusJ == 'A' || plusJ == 'S' || plusJ == 'L';
        char bottom = flipJ ? opposite(plusJ) : plusJ;
        return new SliceOrientation(flipI, flipJ, opposite(right), right, opposite(bottom), bottom);
    }

    /** The patient direction (RAS+ letters) voxel axis {@code c} mostly points to. */
    static char letter(Affine affine, int c) {
        int axis = 0;
        for (int r = 1; r < 3; r++) {
            if (Math.abs(affine.get(r, c)) > Math.abs(affine.get(axis, c))) {
                axis = r;
            }
        }
        boolean positive = affine.get(axis, c) >= 0;
        return switch (axis) {
            case 0 -> positive ? 'R' : 'L';
            case 1 -> positive ? 'A' : 'P';
            default -> positive ? 'S' : 'I';
        };
    }

    static char opposite(char c) {
        return switch (c) {
            case 'R' -> 'L';
            case 'L' -> 'R';
            case 'A' -> 'P';
            case 'P' -> 'A';
            case 'S' -> 'I';
            default -> 'S';
        };
    }
}
