package org.neurofhir.inference.training;

import java.util.Locale;
import org.neurofhir.inference.model.ModelManifest;

/** Renders MODEL_CARD.md from the manifest and the held-out evaluation. */
final class ModelCard {
    private ModelCard() {
    }

    static String render(ModelManifest m, ModelEvaluator.Evaluation nat, ModelEvaluator.Evaluation brats) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Model card: ").append(m.id()).append(' ').append(m.version()).append("\n\n");
        sb.append("> **Trained on synthetic phantoms only. NOT FOR CLINICAL USE.** It exists to test and demonstrate the\n")
          .append("> NeuroFHIR pipeline end to end. The same runtime serves a real BraTS-trained model: drop its SavedModel and\n")
          .append("> a `model.json` into `models/<id>/`.\n\n");
        sb.append("## Model\n").append(m.description()).append(".\n")
          .append(String.format(Locale.ROOT, "Input [N, %d, %d, %d] float32 `%s` (channels %s, %s normalisation, in-plane %s); ",
                  m.input().height(), m.input().width(), m.input().channels().size(), m.input().tensor(),
                  m.input().channels(), m.input().normalisation().code(), m.input().inPlane().code()))
          .append("output [N, H, W, 4] softmax `probabilities` (background, necrotic core, oedema, enhancing tumour → BraTS labels 0, 1, 2, 4).\n")
          .append("Largest-connected-component clean-up is on. Inference-only SavedModel (no optimizer state).\n\n");
        sb.append("## Training data\n")
          .append("Synthetic skull-stripped 4-sequence (T1, T1CE, T2, FLAIR) brain phantoms from `PhantomGenerator`: grey/white\n")
          .append("matter, deep grey nuclei, ventricles and sulcal CSF with sequence-typical contrasts; one tumour per brain with a\n")
          .append("necrotic core (dark on T1CE), an enhancing rim (bright on T1CE) and oedema (bright on FLAIR/T2); random\n")
          .append("shape, size, position, contrast, bias field and noise; in-plane grids 128–240 over a 240 mm field of view.\n")
          .append("No patient data. Training: 2-D slices, batch 8, cross-entropy + soft Dice, Adam 1e-3 then 2e-4 for the last\n")
          .append("quarter, 3200 steps with seed 42 (about 25 min on 2 shared CPU cores).\n\n");
        sb.append("Reproduce: `inference-module/bin/train-phantom-model` (see the module README).\n\n");
        sb.append("## Held-out evaluation (phantom seeds ≥ 9,000,000, never used in training)\n\n");
        table(sb, String.format(Locale.ROOT, "Native grid 128×128×60, 1.875×1.875×2.5 mm: %d phantoms", nat.phantoms()), nat);
        table(sb, String.format(Locale.ROOT, "BraTS grid 240×240×155, 1 mm: %d phantoms", brats.phantoms()), brats);
        sb.append("Volume error is against the analytic (grid-independent) phantom volumes.\n\n");
        sb.append("## Intended use and limits\n").append(m.intendedUse()).append("\n")
          .append("Phantoms are far simpler than real gliomas (one compact tumour, no haemorrhage, no post-operative cavities,\n")
          .append("skull-stripped and co-registered input assumed). Scores on phantoms say nothing about performance on patients.\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String title, ModelEvaluator.Evaluation e) {
        sb.append("**").append(title).append("**\n\n| Region | Dice (mean) | Dice (min) | Volume error (mean abs) |\n|---|---|---|---|\n");
        ModelEvaluator.lines(e).forEach(l -> sb.append(l).append('\n'));
        sb.append('\n');
    }
}
